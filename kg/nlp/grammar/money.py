"""Amounts of money and production capacities: 100亿元, 近240亿元, 1246万美元, 12GW, 年产600吨.

Yuan amounts are normalised to yuan; other currencies keep their own unit (1246万美元 is 12,460,000
USD) because converting needs a rate and a date the article does not give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "万亿": 10**12,
    "千亿": 10**11,
    "百亿": 10**10,
    "亿": 10**8,
    "千万": 10**7,
    "百万": 10**6,
    "万": 10**4,
    "千": 10**3,
}
CURRENCIES = {
    "元": "CNY",
    "人民币": "CNY",
    "美元": "USD",
    "欧元": "EUR",
    "日元": "JPY",
    "港元": "HKD",
    "英镑": "GBP",
}
MONEY = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)\s*(?P<more>多|余)?(?P<unit>万亿|千亿|百亿|亿|千万|百万|万|千)?"
    r"(?P<cur>美元|欧元|日元|港元|英镑|元)"
)
CAPACITY = re.compile(
    r"(?:年产能?|产能|装机容量?|规模)?(?:约|达|近)?\d+(?:\.\d+)?\s*(?:万|亿)?"
    r"(?:GWh|MWh|kWh|GW|MW|kW|KW|吉瓦|兆瓦|千瓦|万吨|吨|万辆|辆|万台|台|万套|套|万片|亿片|片|平方米|万平方米|亿平方米)"
)


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    amount: float
    currency: str


def find_money(text: str) -> list[Money]:
    out = []
    for m in MONEY.finditer(text):
        num = float(m.group("num").replace(",", ""))
        amount = num * UNITS.get(m.group("unit") or "", 1)
        out.append(Money(m.start(), m.end(), amount, CURRENCIES[m.group("cur")]))
    return out


def find_capacities(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in CAPACITY.finditer(text)]
