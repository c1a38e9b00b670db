"""Finding an indicator by meaning in a ministry's wording.

Ministries rephrase: «Число обучающихся …» for «Количество обучающихся …», «вузы» for «ВО»,
«колледжи» for «ПОО». Both texts are normalised (case and «ё» folded, punctuation dropped, phrases
with the same meaning replaced by one token, words cut to crude stems, filler words dropped) and the
overlap of their tokens scored, each token weighted by how rare it is among the set's indicators
(so «ПОО» vs «ВО» decides between 10.3 and 10.4, while «обучающихся» decides nothing)."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from app.services.text import fold

# Phrases first (longest first), then single words: each becomes one canonical token.
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"образовательн\w* организаци\w* высшего образования", " во "),
    (r"организаци\w* высшего образования", " во "),
    (r"высш\w* учебн\w* заведени\w*", " во "),
    (r"высш\w* образовани\w*", " во "),
    (r"профессиональн\w* образовательн\w* организаци\w*", " поо "),
    (r"профессиональн\w* организаци\w*", " поо "),
    (r"средн\w* профессиональн\w* образовани\w*", " поо "),
    (r"ограниченн\w* возможност\w* здоровья", " овз "),
    (r"государственн\w* итогов\w* аттестаци\w*", " гиа "),
    (r"сред\w* общ\w* образовани\w*", " соо "),
    (r"основн\w* общ\w* образовани\w*", " ооо "),
    (r"служб\w* занятости( населения)?", " цзн "),
    (r"центр\w* занятости( населения)?", " цзн "),
    (r"дорожн\w* карт\w*", " дорожнкарт "),
    (r"билет\w* в будущее", " бвб "),
    (r"в том числе", " "),
)
_WORDS: dict[str, str] = {
    "число": "количество", "численность": "количество", "кол": "количество", "колво": "количество",
    "вуз": "во", "вузы": "во", "вузов": "во", "вузах": "во", "оо во": "во",
    "спо": "поо", "колледж": "поо", "колледжи": "поо", "колледжей": "поо", "техникум": "поо",
    "техникумы": "поо", "техникумов": "поо", "ссузы": "поо", "ссузов": "поо",
    "учащихся": "обучающихся", "учащиеся": "обучающихся", "школьников": "обучающихся",
    "школьники": "обучающихся", "учеников": "обучающихся", "обучающиеся": "обучающихся",
    "детей": "обучающихся", "процент": "доля", "удельный": "доля",
    "предприятия": "предприятие", "организации": "предприятие", "учреждения": "предприятие",
    "предприятий": "предприятие", "организаций": "предприятие", "учреждений": "предприятие",
    "инвалидностью": "овз", "инвалиды": "овз", "инвалидов": "овз",
    "проба": "проб", "пробы": "проб", "пробах": "проб", "профпробы": "проб", "профпроб": "проб",
    "профпробах": "проб",
}
_STOP = {
    "в", "во_", "и", "на", "по", "с", "со", "для", "из", "к", "о", "об", "от", "за", "не", "а", "также", "или",
    "том", "числе", "рамках", "их", "при", "у", "как", "так", "том", "др", "других", "другие", "различных",
    "различные", "иных", "иные", "ОО", "оу", "чел", "человек", "ед", "единиц", "шт", "год", "году",
}
_KEEP_WHOLE = {"во", "поо", "овз", "гиа", "соо", "ооо", "цзн", "бвб", "доля", "проб", "количество", "оо"}
_NON_WORD = re.compile(r"[^\w%]+")
_ENDINGS = ("иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ий", "ый", "ой", "ая", "яя",
            "ое", "ее", "ые", "ие", "ых", "их", "ую", "юю", "ов", "ев", "ей", "ам", "ям", "ах", "ях", "ом", "ем",
            "ию", "ия", "ие", "ии", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь")


def stem(word: str) -> str:
    """A crude Russian stem: drop a common ending, keep at most six letters."""
    if word in _KEEP_WHOLE or word.isdigit():
        return word
    for ending in _ENDINGS:
        if len(word) - len(ending) >= 4 and word.endswith(ending):
            word = word[: -len(ending)]
            break
    return word[:6]


def tokens(text: str) -> list[str]:
    """Normalised tokens of a wording: folded, synonyms replaced, stemmed, filler words dropped."""
    t = " " + fold(text).replace("%", " доля ") + " "
    t = t.replace("-", " ").replace("–", " ").replace("—", " ")
    for pattern, token in _PHRASES:
        t = re.sub(pattern, token, t)
    out = []
    for word in _NON_WORD.sub(" ", t).split():
        word = _WORDS.get(word, word)
        if word in _STOP or word == "оо":
            continue
        out.append(stem(word))
    return out


class Matcher:
    """Scores texts against the wordings of one set's indicators."""

    def __init__(self, wordings: dict[str, str]):
        self.codes = list(wordings)
        self.tokens = {code: Counter(tokens(text)) for code, text in wordings.items()}
        df = Counter(tok for counter in self.tokens.values() for tok in counter)
        n = len(self.tokens)
        self.weight = {tok: math.log(1 + n / count) for tok, count in df.items()}

    def _w(self, tok: str) -> float:
        return self.weight.get(tok, math.log(1 + len(self.tokens)))  # unseen words count as rare

    def score(self, text: str, code: str) -> float:
        """Weighted Dice overlap of a text and an indicator's wording, 0..1."""
        a = set(tokens(text))
        b = set(self.tokens[code])
        if not a or not b:
            return 0.0
        common = sum(self._w(t) for t in a & b)
        return 2 * common / (sum(self._w(t) for t in a) + sum(self._w(t) for t in b))

    def assign(self, texts: Sequence[str], *, threshold: float = 0.45) -> dict[str, tuple[int, float]]:
        """The best one-to-one pairing of indicators to texts above the threshold: {code: (text index, score)}."""
        pairs = sorted(((self.score(t, code), i, code) for i, t in enumerate(texts) for code in self.codes),
                       reverse=True)
        used_rows: set[int] = set()
        result: dict[str, tuple[int, float]] = {}
        for score, i, code in pairs:
            if score < threshold:
                break
            if code in result or i in used_rows:
                continue
            result[code] = (i, round(score, 3))
            used_rows.add(i)
        return result
