"""The stable diagnostic codes: default severity, title, and the fix, in Chinese.

Codes never change meaning once published; a retired code is not reused. The error-code page
(`docs/staff/error-codes.md`) is generated from this table and the rule registry
(:mod:`generator.checks.docs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Code:
    severity: Literal["error", "warning"]
    title: str
    fix: str
    example: str


def _e(title: str, fix: str, example: str) -> Code:
    return Code("error", title, fix, example)


def _w(title: str, fix: str, example: str) -> Code:
    return Code("warning", title, fix, example)


# warnings that only tell (an embargo's moment): printed, but never fail a --strict check or build
NOTICES = frozenset({"W806"})

CODES: dict[str, Code] = {
    # E1xx: the file itself cannot be read as content.
    "E101": _e(
        "YAML 格式错误",
        "按提示检查所在行及上一行：缩进只能用空格、冒号后要有空格、引号要成对。",
        "name: “招生范围\n（引号没有闭合）",
    ),
    "E102": _e(
        "键重复",
        "同一层里每个键只能出现一次：删除或合并重复的那一行。",
        "name: 招生范围\nname: 学区划分",
    ),
    "E103": _e(
        "不支持 YAML 标签",
        "删除以 ! 开头的标签，直接写值。",
        "name: !!python/object/apply:os.system [ls]",
    ),
    "E104": _e(
        "不支持锚点和别名",
        "删除 & 锚点和 * 别名，把内容直接写出来。",
        "basis: &b [《条例》]\n…\nbasis: *b",
    ),
    "E105": _e(
        "文件不是 UTF-8 编码",
        "用记事本或 WPS 打开文件，“另存为”时编码选择 UTF-8，再提交。",
        "用 GBK（ANSI）编码保存的文件",
    ),
    "E106": _e("文件为空", "按模板填写内容，或删除这个文件。", "（空文件）"),
    "E107": _e(
        "文件结构不对",
        "检查文件最外层：目录、站点和政策头部应为“键: 值”的映射，organizations.yml 应为列表。",
        "- domain: 义务教育（目录文件写成了列表）",
    ),
    "E108": _e(
        "链接指向 content 目录之外",
        "不要用符号链接引用 content 目录以外的文件；把文件本身放进 content 目录。",
        "content/catalogues/x.yml -> /etc/passwd",
    ),
    "E109": _e(
        "缺少 YAML 头部",
        "Markdown 文件第一行写 ---，接着写元数据，再用一行 --- 结束，然后写正文。",
        "# 标题（第一行不是 ---）",
    ),
    "E110": _e(
        "文件过大或嵌套过深",
        "拆分文件，或检查是否误粘贴了大量内容。",
        "一个 20 MB 的目录文件",
    ),
    "E111": _e(
        "无法识别的文件",
        "content 目录里只放约定的文件（.yml 和 .md），其他文件请移出或改名。",
        "content/catalogues/edu.txt",
    ),
    "E112": _e(
        "文件名不能作为网址",
        "政策、解读和页面的文件名就是它的编号和网址：只用小写英文字母、数字和连字符，例如 2024-enrolment-plan.md。",
        "policies/2024/招生方案.md",
    ),
    # E2xx: a key or value does not fit the format.
    "E201": _e("缺少必填项", "按提示补上这一项。", "items 下的一项缺少 time_limit"),
    "E202": _e(
        "未知的键",
        "检查键名拼写（区分大小写，用英文小写加下划线）；不需要的请删除。",
        "chanels: [政府网站]",
    ),
    "E203": _e(
        "不是可选值",
        "从提示列出的可选值中照抄一个（与国家目录模板的用词完全一致）。",
        "channels: [政府网址]",
    ),
    "E204": _e(
        "值的类型不对",
        "按提示改写：列表写成 [甲, 乙] 或每行一个“- ”，文字直接写。",
        "content: {要素: 招生范围}（应为文字或列表）",
    ),
    "E205": _e(
        "日期无效",
        "日期写成 YYYY-MM-DD，例如 2024-03-01，月份 1–12，日期要在当月之内。",
        "published: 2024-13-04",
    ),
    "E206": _e(
        "编号格式不对",
        "编号只用小写英文字母、数字和连字符 -，例如 enrolment-area。",
        "id: 招生范围",
    ),
    "E207": _e("值为空", "填写内容，或删除这一项。", "name: ''"),
    "E208": _e("数值无效", "按提示填写一个整数。", "interpretation_deadline: 三"),
    "E209": _e(
        "还是模板中的占位内容",
        "zwgk new 生成的模板中的占位内容必须改为实际内容后才能发布。占位内容是："
        "只有省略号（……、⋯ 或 ...）的值或正文行；标题中的省略号，如“《……》政策解读”“关于印发……的通知”；"
        "模板的示例正文“在这里写正文（Markdown 格式）。”；目录模板的示例事项"
        "（一级事项、二级事项、公开内容、公开依据和公开时限都与模板相同），请改为本目录实际的事项或删除。"
        "句子中间的省略号不算占位内容；正文中确需表示省略的整段，请写“（略）”。",
        "title: 《……》政策解读",
    ),
    "E210": _e(
        "审核人写法不对",
        "审核人写 GitHub 用户名或团队，前面加英文 @：用户写 @用户名，团队写 @组织/团队，"
        '例如 reviewers: ["@example-county/edu"]（以 @ 开头的值要加英文引号）。',
        "reviewers: [教育局张三]",
    ),
    "W201": _w(
        "使用了变体写法",
        "改为提示中的规范写法；运行 zwgk fmt 可自动改正。",
        "audience: 特定群众（规范写法：特定群体）",
    ),
    # E3xx: references.
    "E301": _e(
        "未知的领域",
        "写 26 个试点领域之一（名称、别名或英文代号均可），本地领域请先在 domains.yml 中声明。",
        "domain: 义务教肓",
    ),
    "E302": _e(
        "未知的机构",
        "写 organizations.yml 中已登记的机构编号或全称；新机构请先登记。",
        "organization: edu2",
    ),
    "E303": _e(
        "引用的政策文件不存在",
        "写 content/policies 中政策文件的编号（文件名）或发文字号，字号要与政策文件完全一致。",
        "- policy: 示教发〔2024〕99号",
    ),
    "E304": _e(
        "解读对应的政策文件不存在",
        "interprets 写所解读政策的编号（文件名）或发文字号。",
        "interprets: 示政办发〔2024〕120号",
    ),
    "E305": _e(
        "领域定义有误",
        "检查 domains.yml：编号、名称和别名都不能与已有领域冲突。",
        "- slug: education\n  name: 义务教育（与内置领域重名）",
    ),
    # E4xx: uniqueness.
    "E401": _e("事项编号重复", "同一目录文件中每个事项的 id 必须不同。", "两个事项都是 id: enrolment-area"),
    "E402": _e("机构编号或名称重复", "每个机构的 id 和 name 都只能登记一次。", "两个 id: edu"),
    "E403": _e("索引号重复", "每份文件的索引号必须唯一，请核对。", "两份政策的 index_number 相同"),
    "E404": _e("发文字号重复", "每份文件的发文字号必须唯一，请核对。", "两份政策都是 示政办发〔2024〕12号"),
    "E405": _e(
        "文件编号重复",
        "政策和解读的文件名（不含 .md）就是编号，在全部年份中必须唯一：请改名。",
        "policies/2023/plan.md 与 policies/2024/plan.md",
    ),
    "E406": _e(
        "同一机构同一领域有两份目录",
        "把两个文件中的事项合并到一个文件里。",
        "catalogues/义务教育/edu.yml 和 catalogues/义务教育/edu-2.yml 都是 edu 的义务教育目录",
    ),
    # E5xx: rules of 政务公开.
    "E501": _e(
        "成文日期晚于发布日期",
        "核对日期：成文日期（written）不能晚于发布日期（published）。",
        "written: 2024-03-05\npublished: 2024-03-01",
    ),
    "W502": _w(
        "发文字号年份括号不规范",
        "发文字号的年份用六角括号〔〕，例如 示政办发〔2024〕12号；运行 zwgk fmt 可自动改正。",
        "doc_number: 示政办发[2024]12号",
    ),
    "E503": _e(
        "缺少不公开或依申请公开的理由",
        "公开属性为依申请公开或不予公开时，填写 disclosure_reason 说明依据和理由。",
        "disclosure: 不予公开（没有 disclosure_reason）",
    ),
    "E504": _e(
        "缺少依申请公开的理由",
        "公开方式为依申请时，填写 method_reason 说明为什么不主动公开。",
        "method: 依申请（没有 method_reason）",
    ),
    "E505": _e(
        "缺少无需解读的理由",
        "needs_interpretation 为 false 时，填写 no_interpretation_reason 说明理由。",
        "needs_interpretation: false（没有 no_interpretation_reason）",
    ),
    "E506": _e(
        "政策文件没有解读",
        "在 content/interpretations 中添加解读（interprets 写本文件的发文字号），"
        "或确实无需解读时写 needs_interpretation: false 和理由。",
        "主动公开的政策没有任何解读指向它",
    ),
    "E507": _e(
        "解读发布超过时限",
        "解读应与政策同步发布，最迟不超过站点设置的工作日数（site.yml 的 interpretation_deadline）。",
        "政策 2024-03-01 发布，解读 2024-03-12 才发布",
    ),
    "W508": _w(
        "解读机关不是起草单位",
        "按“谁起草、谁解读”，由起草单位（联合发文时为牵头单位）解读；确需其他机关解读可忽略本警告。",
        "drafter: edu，interpreter: office",
    ),
    "W509": _w(
        "日期超出已知的节假日安排",
        "在 content/holidays.yml 中补充该年国务院公布的放假和调休日期；在此之前按周一至周五计算工作日。",
        "2027 年的解读期限",
    ),
    "W510": _w(
        "解读早于政策发布",
        "核对日期：解读的发布日期不应早于所解读政策的发布日期。",
        "政策 2024-03-04 发布，解读 2024-03-01 发布",
    ),
    "W511": _w(
        "目录超过一年未更新",
        "标准目录需动态调整：复核目录后把 updated 改为复核日期。",
        "updated: 2022-01-01",
    ),
    "W514": _w(
        "目录没有复核日期",
        "标准目录需动态调整：写上最近一次复核的日期，例如 updated: 2024-03-01。",
        "（目录文件中没有 updated）",
    ),
    "W512": _w(
        "未公开的政策有解读",
        "依申请公开或不予公开的文件一般不发布解读：请核对公开属性，或删除解读。",
        "disclosure: 不予公开，但有解读指向它",
    ),
    "E513": _e(
        "发文字号格式不对",
        "发文字号由机关代字、〔年份〕和序号组成，例如 示政办发〔2024〕12号。",
        "doc_number: 12号",
    ),
    # E6xx: personal information.
    "E601": _e(
        "疑似公开了身份证号码",
        "公开前去标识化：只保留前 6 位和后 4 位，中间用 * 代替，例如 110105********002X。",
        "正文中出现完整的 18 位身份证号码",
    ),
    "E602": _e(
        "疑似公开了手机号码",
        "公开前去标识化，例如 138****1234；咨询电话请写单位座机。",
        "正文中出现完整的 11 位手机号码",
    ),
    "E603": _e(
        "疑似公开了银行卡号",
        "公开前去标识化：只保留后 4 位，例如 **** **** **** 1234。",
        "名单中出现完整的银行卡号",
    ),
    "E604": _e(
        "附件无法读取",
        "确认附件没有损坏、没有加密、不超过大小限制；另存为新的 .xlsx/.docx/.csv 后再提交。",
        "attachments/名单.xlsx 已损坏",
    ),
    "W604": _w(
        "附件无法自动检查个人信息",
        "PDF、图片等格式无法自动检查：请人工确认其中没有身份证号、手机号、银行卡号等个人信息，"
        "能用 Excel、Word 或 CSV 发布的尽量用这些格式。",
        "attachments/公示.pdf",
    ),
    "W605": _w(
        "按例外公开的个人信息",
        "依法必须公开的（惩戒公示、强制性信息披露）已在 personal_data 或 attachments.yml 中写明理由：请审核人确认。",
        "惩戒公示名单中的完整身份证号码",
    ),
    # E8xx / W8xx: a document's life (in force, repealed, replaced, embargoed).
    "E801": _e(
        "失效或废止的文件缺少废止日期",
        "有效性为失效或废止时，写上 repealed: 文件停止执行的日期（YYYY-MM-DD）。",
        "validity: 废止（没有 repealed）",
    ),
    "E802": _e(
        "废止日期早于发布日期",
        "核对日期：废止日期（repealed）不能早于发布日期（published）。",
        "published: 2024-03-04\nrepealed: 2024-01-01",
    ),
    "W803": _w(
        "有效的文件写了废止日期或替代文件",
        "文件已失效或废止时，把 validity 改为 失效 或 废止；仍然有效时删除 repealed 和 superseded_by。",
        "validity: 有效\nrepealed: 2026-05-01",
    ),
    "E804": _e(
        "替代文件不存在",
        "superseded_by 写取代本文件的政策文件的编号（文件名）或发文字号，不能写本文件自己。",
        "superseded_by: 示政发〔2026〕99号",
    ),
    "E805": _e(
        "替代文件在本文件之前已经废止",
        "核对替代文件和两份文件的废止日期：取代本文件的文件不能比本文件更早废止。",
        "本文件 2026-05-01 废止，替代文件 2026-03-01 已废止",
    ),
    "W806": _w(
        "定时发布的文件",
        "提示：在 publish_after 的时刻之前生成的网站不会出现这份文件；到时自动发布的网站会在下一次定时生成时发布它。",
        "publish_after: 2026-12-01T09:00:00+08:00",
    ),
    # E81x / W81x: the annual report (政府信息公开工作年度报告).
    "E811": _e(
        "年报表格一行的数字个数不对",
        "表三每行写 6 个数（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他），"
        "可加第 7 个数为总计；表四每栏写 4 个数（结果维持、结果纠正、其他结果、尚未审结），可加第 5 个数为总计。",
        "new: [20, 2, 0]",
    ),
    "E812": _e(
        "年报的总计与各项之和不符",
        "总计必须等于前面各项之和：核对这一行的数字。",
        "new: [20, 2, 0, 1, 0, 0, 24]（前六项之和是 23）",
    ),
    "E813": _e(
        "年报表三勾稽关系不成立",
        "按年报格式，每一列都要满足：一、本年新收 + 二、上年结转 = 三、本年度办理结果（七）总计 + 四、结转下年度继续办理。",
        "一+二 = 23，三（七）+四 = 22",
    ),
    "W814": _w(
        "年报的规章、行政规范性文件件数与政策文件库不符",
        "核对年报表二的件数和 content/policies 中本机关的文件（kind、published、repealed）；"
        "不写这一行时按政策文件库自动统计。",
        "normative_documents: [12, 3, 85]（政策文件库：本年制发 11 件）",
    ),
    "W815": _w(
        "年报发布晚于规定时间",
        "政府信息公开工作年度报告应于次年 1月31日 前发布（《政府信息公开条例》第四十九条）。",
        "year: 2025\npublished: 2026-02-15",
    ),
    "E816": _e(
        "同一机构同一年有两份年报",
        "每个机构每年只有一份年报：删除或合并重复的文件。",
        "annual-reports/2025/office.yml 与 annual-reports/2025/office-2.yml 都是 office 的 2025 年年报",
    ),
    # W9xx: who approves changes (CODEOWNERS, written by zwgk codeowners).
    "W901": _w(
        "机构有目录但没有审核人",
        "在 organizations.yml 中给这个机构加上 reviewers（审核本机构文件修改的 GitHub 用户或团队），"
        '例如 reviewers: ["@example-county/edu"]，再运行 zwgk codeowners 更新 .github/CODEOWNERS。',
        "- id: edu\n  name: 示例县教育和体育局（没有 reviewers）",
    ),
    # E7xx / W7xx: zwgk import, reading a department's Excel catalogue.
    "E701": Code(
        "error",
        "无法读取表格文件",
        "确认文件是 Excel 表格（.xlsx 或 .xls）、没有损坏、没有设置打开密码；必要时用 Excel 或 WPS 打开后另存为 .xlsx。",
        "把 Word 文档改名为 目录.xlsx",
    ),
    "E702": Code(
        "error",
        "找不到表头",
        "表格要有“二级事项、公开内容、公开依据、公开时限……”这样的表头行（可以有标题行在上面）。",
        "只有数据、没有表头的工作表",
    ),
    "E703": Code("error", "表头缺少列", "按国家目录模板补上这一列，再重新导入。", "表头中没有“公开依据”"),
    "E704": Code(
        "error", "缺少必填内容", "在表格中补上后重新导入，或在导入的 YAML 中补写。", "一行没有二级事项"
    ),
    "E705": Code(
        "error", "没有勾选", "在这一组中打√（渠道用 ■ 勾选），再重新导入。", "公开方式的两栏都没有√"
    ),
    "E706": Code(
        "error",
        "无法识别的值",
        "改为国家目录模板的写法（如 全社会、特定群体、主动、依申请、县级、乡级）。",
        "公开对象写成“所有人”",
    ),
    "E707": Code(
        "error",
        "表中没有可导入的公开事项",
        "确认选对了文件和工作表；表中有多个机构时，--organization 写表中“机构”一栏的机构名称。",
        "表头下面全是空行",
    ),
    "W701": Code("warning", "跳过了一行", "确认这一行确实不是公开事项。", "表格末尾的“注：……”"),
    "W702": Code(
        "warning", "还有其他目录表", "用 --sheet 指定要导入的工作表。", "一个工作簿里有县级、乡级两张表"
    ),
    "W703": Code(
        "warning",
        "依申请公开缺少理由",
        "国家模板没有这一栏：导入后在 YAML 中为这个事项补写 method_reason。",
        "公开方式为依申请",
    ),
    "W704": Code("warning", "无法识别的勾选标记", "打√表示选中，不选的留空。", "公开方式一栏写着“部分”"),
    "W705": Code(
        "warning",
        "不在 13 个渠道中的渠道",
        "如是笔误，改为 13 个渠道中的写法；确是其他渠道可保留在 channels_other 中。",
        "■政府网址",
    ),
    "W706": Code("warning", "忽略了一列", "不需要的列可以忽略；需要的请改为模板中的列名。", "表头“联系人”"),
}


# zwgk import reports these (E7xx, W7xx) while reading a department's workbook, and only these
IMPORT_CODES: tuple[str, ...] = tuple(code for code in CODES if code[1] == "7")
