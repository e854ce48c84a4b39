"""Figures quoted in the narrative texts: found, tied to the table cells they quote, checked against them.

Precision comes first: a figure is tied to a cell only when the words just before it (since the previous
figure of the same sentence) name what is counted, and nothing in them makes the figure a different
quantity (another year, a change, an estimate, consultations rather than applications). Anything else is
left alone. Parsing depends on the text only and is cached, so re-checking after a cell edit costs nothing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_FIGURE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+|[零〇一二两三四五六七八九十百千万]+)\s*(件|条|个|宗|起)")
# a Chinese numeral glued to these is part of a word (第一, 统一, 之一 …), not a count
_WORD_BEFORE = set("第每逐统唯之同单任某这那哪万其")
# what may follow the unit when the figure does not count documents or applications
_NOT_A_COUNT_AFTER = re.compile(
    r"(?:次|工作日|日|天|月|小时|年|百分点|部门|单位|人|批|期|篇|场|方面|环节|问题|措施|举措|渠道|栏目|专栏|"
    r"领域|类|以上|左右|多|余)"
)
_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
_CLAUSE_START = re.compile(r"[，,、：:（）()]")
_INCLUDING = re.compile(r"\s*[（(，,]\s*(?:其中)?(?:包)?含")
_AFTER_WINDOW = 40  # how far after a figure its clause is read (清理, 涉及 …)
_CLAUSE_END = re.compile(r"[，,、：:（）()。！？；;!?\n]")
_HEADING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)")
_YEAR = re.compile(r"(\d{4})\s*年")
_YEAR_END = re.compile(r"截[至止](?:到)?(?:本?年[底末]|本年度末|(?:\d{4}年)?12月31日)")

# What is counted: the last of these before a figure names it. Longer phrases come first in each
# alternation so that 结转下年度继续办理 is one phrase (forward), not 结转… and then 办理 (handled).
_QUANTITIES: tuple[tuple[str, str, str], ...] = (
    ("apps", "forward", r"(?:结转|转入)(?:至|到|入)?(?:下一?年度?|\d{4}年度?)(?:继续)?(?:办理)?"),
    ("apps", "carried", r"(?:上一?年度?|去年)结转(?:的?申请)?|上年度?转入"),
    ("apps", "r_public", r"予以公开|同意公开"),
    ("apps", "r_partial", r"部分公开"),
    ("apps", "r_withheld", r"不予公开"),
    ("apps", "r_unable", r"无法提供"),
    ("apps", "r_declined", r"不予处理"),
    ("apps", "r_other", r"其他处理"),
    ("apps", "new", r"新收|收到|受理|接收|接到"),
    ("apps", "handled", r"办结|处理(?!费)|答复|办理"),
    ("reviews", "direct", r"未经复议直接起诉|直接(?:提起)?(?:行政)?(?:诉讼|起诉)"),
    ("reviews", "after", r"复议后(?:提起)?(?:行政)?(?:诉讼|起诉)"),
    ("reviews", "review", r"行政复议"),
    ("reviews", "litigation", r"行政诉讼"),
    ("docs", "issued", r"制发|制定|印发|出台|新制作"),
    ("docs", "repealed", r"废止|废除|宣布失效"),
    ("docs", "in_force", r"现行有效"),
)
_APPLICANTS: tuple[tuple[str, str], ...] = (
    ("legal_group", r"法人(?:或|和|及|与)?其他组织|法人"),
    ("natural", r"自然人"),
    ("commercial", r"商业企业"),
    ("research", r"科研机构"),
    ("nonprofit", r"社会公益组织"),
    ("legal", r"法律服务机构"),
)
_DOCS: tuple[tuple[str, str], ...] = (("normative", r"(?:行政)?规范性文件"), ("regulations", r"规章"))


def _alternation(groups) -> re.Pattern:
    return re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in groups))


_QUANTITY_RE = _alternation((f"{d}__{q}", p) for d, q, p in _QUANTITIES)
_APPLICANT_RE = _alternation(_APPLICANTS)
_DOC_RE = _alternation(_DOCS)
_DOC_AFTER = re.compile(r"(?:的)?(?:行政)?(?:规范性文件|规章)")
# Words that make a figure another quantity than the one named: a change or an estimate (checked from the
# clause naming the quantity to the figure, so that 较上年增长15.7%，其中自然人申请118件 still reads), and part
# of the year, another source of requests or a sub-result of a review (checked in all the words before it).
_NEAR_BLOCKERS = re.compile(
    r"同比|较上年|比上年|上年同期|去年|上一年|增长|增加|减少|下降|上升|约|近|超过|逾|多于|不到|不足|各|平均|占|每"
)
_BLOCKERS = re.compile(
    r"月|季度|上半年|下半年|截至|截止|累计|历年|以来|同期|咨询|信箱|留言|来信|来电|热线|电话|信访|投诉|建议|提案|"
    r"意见|网民|群众|工单|12345|维持|纠正|撤销|驳回|撤回|审结|败诉|胜诉|其他结果|清理|审查|备案|修订|修改|解读|"
    r"征求|审核|评估|涉及|相关|转办|移送|申请人数|人次|督办|转来|转交|许可|审批|政务服务|办件|业务|登记|政务公开|事项|"
    # a part of the handled ones, named by how or why it was handled: not the total of results
    r"延期|超期|逾期|补正|告知|处理费|收费|不明确|不掌握|不存在|另行制作|重复申请"
)
# Words that may stand between a figure and the quantity it inherits from the figure before it
_FILLER = re.compile(
    r"[\s，,、：:（）()]|\d{4}年度?|其中|共计|合计|总计|共|本年度?|全年|年内|均|已|了|的|为|有|计|达|提出|申请|"
    r"政府信息公开|信息公开|本机关|本单位|我[局办委厅部署院市县区]|来自"
)
# Applications and reviews count only those about government information disclosure
_CONTEXT = re.compile(r"信息公开|公开申请|依申请|申请公开|政府信息")


@dataclass(frozen=True)
class Mention:
    """One figure in a text that quotes the tables, before it is compared with them."""

    start: int  # the numeral: text[start:end] is "3", "三", "1,234"
    end: int
    unit_end: int  # just after the unit (件/条 …)
    quote_start: int  # where the clause quoting it begins, for the message
    value: int
    domain: str  # apps | reviews | docs
    quantity: str  # new, handled, r_public … | review, litigation … | issued, repealed, in_force
    column: str = "total"  # apps: applicant column or group; docs: the document kind
    years: tuple[int, ...] = ()  # years named in the sentence before the figure


def chinese_to_int(s: str) -> int | None:
    """三 → 3, 十二 → 12, 两 → 2, 一百零五 → 105, 1,234 → 1234; None for 零 alone or digit strings (二〇二〇)."""
    s = s.replace(",", "")
    if len(s) > 12:  # no count in a report is that long; int() of a huge string is slow or refused
        return None
    if s.isdigit():
        return int(s)
    if s in ("零", "〇", "万") or (len(s) > 1 and not any(c in _CN_UNITS or c == "万" for c in s)):
        return None
    total = section = num = 0
    last_unit, zero_since_unit = 1, False
    for c in s:
        if c in _CN_DIGITS:
            num = _CN_DIGITS[c]
            zero_since_unit = zero_since_unit or num == 0
        elif c in _CN_UNITS:
            section += (num or 1) * _CN_UNITS[c]
            num, last_unit, zero_since_unit = 0, _CN_UNITS[c], False
        else:  # 万
            total += (section + num) * 10000
            section = num = 0
            last_unit, zero_since_unit = 10000, False
    if num and last_unit >= 100 and not zero_since_unit:
        num *= last_unit // 10  # 一百一 is 110 and 一万二 is 12000, as people say them; 一百零一 is 101
    return total + section + num


def int_to_chinese(n: int) -> str:
    """3 → 三, 12 → 十二, 105 → 一百零五: to write a corrected figure the way the text wrote it."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n >= 10000:
        return str(n)
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                out += "零"
            out += ("" if (unit == "十" and d == 1 and not out) else digits[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; 。！？； and line ends close one."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def sentence_span(text: str, offset: int) -> tuple[int, int]:
    """The sentence around `offset`, to highlight the sentence a finding points at."""
    for start, end in sentences(text):
        if start <= offset <= end:
            return start, end
    return offset, offset


def _topic(line: str) -> str | None:
    if not _HEADING.match(line):
        return None
    if "依申请" in line or "申请公开" in line:
        return "requests"
    if "复议" in line or "诉讼" in line:
        return "reviews"
    return "other"


@lru_cache(maxsize=512)
def mentions(text: str) -> tuple[Mention, ...]:
    """Every figure of `text` that can be tied to a quantity of the tables (cached per text)."""
    plain = text.translate(_FULLWIDTH)
    topics: list[tuple[int, str]] = []  # (offset, topic) where a sub-heading changes what is talked about
    pos = 0
    for line in plain.splitlines(keepends=True):
        t = _topic(line)
        if t:
            topics.append((pos, t))
        pos += len(line)
    out: list[Mention] = []
    offsets = [off for off, _ in topics]
    in_context = False  # an earlier sentence of the paragraph was about information-disclosure requests
    for s_start, s_end in sentences(plain):
        i = bisect.bisect_right(offsets, s_start)
        topic = topics[i - 1][1] if i else ""
        if s_start == 0 or plain[s_start - 1] == "\n":
            in_context = False
        out.extend(_sentence_mentions(plain, s_start, s_end, topic, in_context))
        in_context = in_context or bool(_CONTEXT.search(plain, s_start, s_end))
    return tuple(out)


def _sentence_mentions(text: str, s_start: int, s_end: int, topic: str, in_context: bool) -> list[Mention]:
    out: list[Mention] = []
    lead_start = s_start
    state: dict[str, str] = {}  # what the previous figure of the sentence counted
    # what the sentence has said so far, gathered lead by lead so a long sentence is read in linear time
    sentence: dict = {"context": in_context, "own": False, "years": ()}
    for m in _FIGURE.finditer(text, s_start, s_end):
        lead = text[lead_start : m.start()]
        sentence["own"] = sentence["own"] or bool(_CONTEXT.search(lead))
        sentence["context"] = sentence["context"] or sentence["own"]
        years = _YEAR.findall(_QUANTITY_RE.sub("", lead))
        sentence["years"] += tuple(int(y) for y in years)
        mention = _tie(text, m, lead, s_end, topic, state, sentence)
        lead_start = m.end()
        if mention is not None:
            out.append(mention)
    return out


def _tie(text, m: re.Match, lead: str, s_end: int, topic: str, state: dict, sentence: dict) -> Mention | None:
    """The figure of match `m` as a Mention, or None when it cannot be tied to a quantity with confidence."""
    numeral, unit_end = m.group(1), m.end()
    if not numeral[0].isdigit() and m.start() > 0 and text[m.start() - 1] in _WORD_BEFORE:
        return None
    if m.start() > 0 and text[m.start() - 1] in "第每" or _NOT_A_COUNT_AFTER.match(text, unit_end):
        return None
    value = chinese_to_int(numeral)
    if value is None:
        return None
    quantities = [
        (k.split("__"), x) for x in _QUANTITY_RE.finditer(lead) for k, v in x.groupdict().items() if v
    ]
    applicants = [k for x in _APPLICANT_RE.finditer(lead) for k, v in x.groupdict().items() if v]
    docs = [k for x in _DOC_RE.finditer(lead) for k, v in x.groupdict().items() if v]
    rest = _strip(lead, [x for _, x in quantities], _APPLICANT_RE, _DOC_RE, _YEAR_END)
    after = text[unit_end : min(s_end, unit_end + _AFTER_WINDOW)]
    after = after[: m_end.start()] if (m_end := _CLAUSE_END.search(after)) else after
    if _INCLUDING.match(text, unit_end):  # 受理申请36件（含上年结转2件）: new and carried together
        state.clear()
        return None
    # the words that go with this figure: from the clause naming the quantity (or the figure's own clause)
    named_at = quantities[-1][1].start() if quantities else len(lead)
    near = rest[max((x.end() for x in _CLAUSE_START.finditer(lead, 0, named_at)), default=0) :]
    blocked = _BLOCKERS.search(rest) or _NEAR_BLOCKERS.search(near) or _NEAR_BLOCKERS.search(after)
    if blocked or _BLOCKERS.search(after):  # 对现行有效的12件规范性文件进行了清理
        state.clear()
        return None
    domain = quantity = column = None
    if quantities:
        (domain, quantity), _ = quantities[-1]
        if domain == "reviews" and len({q for (d, q), _ in quantities if d == "reviews"}) > 1:
            state.clear()  # 行政复议、行政诉讼共3件: two quantities, one figure
            return None
    inherits = not _FILLER.sub("", near)
    if domain == "docs" and not inherits:  # 印发规范性文件和工作文件共20件: not only 规范性文件
        state.clear()
        return None
    if domain == "docs" or (domain is None and state.get("domain") == "docs" and docs and inherits):
        domain, quantity = "docs", quantity or state.get("quantity")
        noun = _DOC_AFTER.match(text, unit_end)
        doc_names = docs or ([_DOC_RE.search(noun.group()).lastgroup] if noun else [])
        column = doc_names[-1] if doc_names else (state.get("column") if inherits else None)
        if column is None or len(set(docs)) > 1:
            state.clear()
            return None
    elif domain is None and applicants and state.get("domain") == "apps" and inherits:
        domain, quantity, column = "apps", state["quantity"], applicants[-1]
    elif domain == "apps":
        if applicants:
            column = applicants[-1]
        elif state.get("domain") == "apps" and state.get("column", "total") != "total":
            state.clear()  # 其中自然人40件，办结38件: whose 38? left alone
            return None
        else:
            column = "total"
    elif domain == "reviews":
        column = "total"
    if domain is None or quantity is None or column is None:
        state.clear()
        return None
    state.update(domain=domain, quantity=quantity, column=column)
    if domain == "apps" and not (sentence["context"] or topic == "requests"):
        return None
    # a review counts here only when its own sentence, or the sub-heading, ties it to information disclosure:
    # a 司法局 handles many reviews that are not about it
    if domain == "reviews" and not (sentence["own"] or topic == "reviews"):
        return None
    lead_start = m.start() - len(lead)
    quote_start = max(
        (x.end() for x in _CLAUSE_START.finditer(text, lead_start, m.start())), default=lead_start
    )
    return Mention(
        m.start(),
        m.start() + len(numeral),
        unit_end,
        quote_start,
        value,
        domain,
        quantity,
        column,
        sentence["years"],
    )


def _strip(lead: str, quantity_matches, *patterns: re.Pattern) -> str:
    """The words before a figure without the phrases already understood (上年结转 must not read as 上一年)."""
    spans = [(x.start(), x.end()) for x in quantity_matches]
    for p in patterns:
        spans += [(x.start(), x.end()) for x in p.finditer(lead)]
    chars = list(lead)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = " "
    return "".join(chars)
