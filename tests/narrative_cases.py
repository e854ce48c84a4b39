"""Sentences written the ways real reports write them, each with the N1 findings it must give (none for most).

Checked against the bundled gov-2021 example (2023): 新收 48 (自然人 40, 商业企业 5, 法人或其他组织 8), 上年结转 4,
办理结果总计 49 (自然人 41; 予以公开 25, 部分公开 6, 不予公开 3, 无法提供 11, 不予处理 3, 其他处理 1), 结转下年度 3,
行政复议 3, 行政诉讼 3, 行政规范性文件 制发 12 / 废止 3 / 现行有效 85. Used by tests/test_narrative.py and by
bench/years_narrative_precision.py (precision = true alarms / all alarms).
"""

REQUESTS = "（二）依申请公开情况\n"
NEW, CARRIED, HANDLED, FORWARD = (
    "applications.new.total",
    "applications.carried.total",
    "applications.r_total.total",
    "applications.forward.total",
)

# (text of 一、总体情况, [(first cell, expected, found), …])
CASES: list[tuple[str, list[tuple[str, str, str]]]] = [
    # figures that agree with the tables: no finding
    ("2023年共收到政府信息公开申请48件。", []),
    ("本年度新收政府信息公开申请四十八件，上年结转四件。", []),
    ("全年共办结政府信息公开申请49件，结转下年度继续办理3件。", []),
    ("共收到政府信息公开申请48件，其中自然人申请40件，法人或其他组织申请8件。", []),
    ("因政府信息公开申请引起行政复议3件、行政诉讼3件。", []),
    # a part of the handled applications, not their total (found by review on real phrasings)
    (REQUESTS + "全部申请均在法定期限内办理完毕，其中1件延期答复。", []),
    (REQUESTS + "办理中延期答复2件。", []),
    (REQUESTS + "对5件申请进行了补正告知。", []),
    (REQUESTS + "收取信息处理费的申请0件。", []),
    (REQUESTS + "因申请内容不明确答复3件。", []),
    (REQUESTS + "全年共办结政府信息公开申请一百一十件。", [(HANDLED, "49", "110")]),
    ("制发行政规范性文件12件，废止3件，现行有效的行政规范性文件85件。", []),
    (
        REQUESTS
        + "办理结果中，予以公开25件，部分公开6件，不予公开3件，无法提供11件，不予处理3件，其他处理1件。",
        [],
    ),
    (REQUESTS + "全年收到申请48件，办结49件，结转下年度3件。", []),
    # figures that contradict the tables: one finding each
    ("2023年共收到政府信息公开申请50件。", [(NEW, "48", "50")]),
    (REQUESTS + "2023年，共处理依申请公开答复信息3条；咨询信箱答复信息8条。", [(HANDLED, "49", "3")]),
    ("本年度共收到政府信息公开申请四十六件。", [(NEW, "48", "46")]),
    (
        "共收到政府信息公开申请48件，其中自然人申请41件，法人或其他组织申请7件。",
        [("applications.new.natural", "40", "41"), ("applications.new.commercial", "8", "7")],
    ),
    ("上年结转政府信息公开申请两件。", [(CARRIED, "4", "2")]),
    ("全年办结政府信息公开申请共计50件。", [(HANDLED, "49", "50")]),
    ("结转下年度继续办理政府信息公开申请5件。", [(FORWARD, "3", "5")]),
    ("因政府信息公开工作被申请行政复议2件。", [("reviews.cases.review_total", "3", "2")]),
    ("因政府信息公开申请引发行政诉讼两件。", [("reviews.cases.direct_total", "3", "2")]),
    ("本年制发行政规范性文件十二件，废止五件。", [("rule_docs.normative.repealed", "3", "5")]),
    ("现行有效规范性文件80件。", [("rule_docs.normative.in_force", "85", "80")]),
    (REQUESTS + "本年度共收到申请52件，均已按时办结。", [(NEW, "48", "52")]),
    ("政府信息公开申请办理结果：予以公开20件。", [("applications.r_public.total", "25", "20")]),
    ("收到政府信息公开申请合计48件，其中商业企业申请6件。", [("applications.new.commercial", "5", "6")]),
    ("收到政府信息公开申请48件，其中来自自然人的申请39件。", [("applications.new.natural", "40", "39")]),
    ("全年办理政府信息公开申请49件，其中自然人申请38件。", [("applications.r_total.natural", "41", "38")]),
    (
        REQUESTS + "全年共受理申请749件，不予公开3件，无法提供十二件。",
        [
            (NEW, "48", "749"),
            ("applications.r_unable_not_held.total", "11", "12"),
        ],
    ),
    # figures that cannot be tied to a cell with confidence: left alone
    (REQUESTS + "通过咨询信箱答复群众来信8条。", []),
    ("2022年共收到政府信息公开申请30件。", []),
    ("共收到政府信息公开申请48件，同比增长12件。", []),
    ("全年主动公开政府信息2316条。", []),
    ("受理行政许可申请1520件。", []),
    ("全年共收到政府信息公开申请约50件。", []),
    ("对现行有效的12件规范性文件进行了清理。", []),
    ("省政府网站发布信息8条，政策法规信息2条。", []),
    ("收到政府信息公开申请后，均在20个工作日内答复。", []),
    ("因政府信息公开申请引起的行政复议、行政诉讼共2件。", []),
    ("（六）行政复议和行政诉讼情况\n行政复议结果维持1件。", []),
    ("依据《条例》第三十三条，受理政府信息公开申请。", []),
    ("截至12月31日，尚有5件政府信息公开申请未办结。", []),
    ("本机关收到的政府信息公开申请中，有一件涉及第三方。", []),
    (REQUESTS + "全年收到各类咨询120个。", []),
    ("2023年，共收到政府信息公开申请48件，比上年增加5件。", []),
    ("受理行政复议申请17件，其中政府信息公开类2件。", []),
    ("本年度共办理各类行政处罚案件86件。", []),
    ("印发规范性文件和工作文件共20件。", []),
    (
        "2023年，本机关共收到政府信息公开申请48件，较上年增长15.7%，其中，自然人提出申请40件，法人或其他组织提出申请9件。",
        [("applications.new.commercial", "8", "9")],
    ),
    (REQUESTS + "通过咨询信箱，答复群众8条。", []),
    ("1至6月，共收到政府信息公开申请20件。", []),
    ("本年度共受理政府信息公开申请52件（含上年结转4件），已全部按期答复。", []),
    (REQUESTS + "全年共收到政府信息公开申请48件。全年办理行政复议案件120件。", []),
    (
        "本年度，共收到政府信息公开申请四十八件。上年度结转申请一件。全年办结申请四十九件，结转下年度两件。",
        [
            (CARRIED, "4", "1"),
            (FORWARD, "3", "2"),
        ],
    ),
    ("截至年底，现行有效行政规范性文件84件。", [("rule_docs.normative.in_force", "85", "84")]),
    ("截至12月31日，结转下年度继续办理的政府信息公开申请3件。", []),
    (REQUESTS + "全年办理政务公开事项30件。", []),
    ("我局全年共制发行政规范性文件10件，现行有效85件。", [("rule_docs.normative.issued", "12", "10")]),
]
