"""Training code for zhkg's statistical models (data conversion, training, held-out evaluation).

Kept out of ``kg.nlp`` so that running the pipeline never imports training-only code.
"""
