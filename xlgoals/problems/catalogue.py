"""The catalogue of problems: one entry per kind, with a stable code.

The same entries feed the CLI text, the JSON, the 问题清单 sheet and the notes written into
workbooks; renderers never build messages themselves. Families: XG0xx input, XG1xx structure,
XG2xx budget, XG3xx comparator, XG4xx consistency, XG5xx self-evaluation (绩效自评) and history.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label_zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    def label(self, lang: str = "zh") -> str:
        """How lists and reports name the severity: 错误 / error."""
        return self.value if lang == "en" else self.label_zh

    @property
    def rank(self) -> int:
        """0 for the most severe: sorts errors before warnings before infos."""
        return ("error", "warning", "info").index(self.value)


class Family(str, Enum):
    INPUT = "input"
    STRUCTURE = "structure"
    BUDGET = "budget"
    COMPARATOR = "comparator"
    CONSISTENCY = "consistency"
    SELF_EVALUATION = "self_evaluation"

    @property
    def label_zh(self) -> str:
        return {
            "input": "文件",
            "structure": "结构",
            "budget": "预算",
            "comparator": "计算符号",
            "consistency": "一致性",
            "self_evaluation": "自评",
        }[self.value]


@dataclass(frozen=True)
class Problem:
    code: str
    severity: Severity
    title_zh: str
    title_en: str
    zh: str  # message template, str.format with the finding's params
    en: str
    hint_zh: str
    hint_en: str

    @property
    def family(self) -> Family:
        return {
            "0": Family.INPUT,
            "1": Family.STRUCTURE,
            "2": Family.BUDGET,
            "3": Family.COMPARATOR,
            "4": Family.CONSISTENCY,
            "5": Family.SELF_EVALUATION,
        }[self.code[2]]

    def message(self, params: dict[str, Any], lang: str = "zh") -> str:
        """The message in `lang`; in English a parameter `x_en`, when given, stands for `x`
        (a reason written in words, which exists in both languages)."""
        template = self.en if lang == "en" else self.zh
        if lang == "en":
            params = {**params, **{k[:-3]: v for k, v in params.items() if k.endswith("_en")}}
        try:
            return template.format(**params)
        except (KeyError, IndexError):  # a finding missing a parameter still says something
            return template

    def hint(self, lang: str = "zh") -> str:
        return self.hint_en if lang == "en" else self.hint_zh


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

_ENTRIES = [
    # XG0xx: the file itself
    Problem("XG001", E, "文件无法读取", "Unreadable file",
            "文件无法打开：{reason}", "The file cannot be opened: {reason}",
            "请用 Excel 打开并另存为 .xlsx 后重新报送", "Open it in Excel, save as .xlsx and resend"),
    Problem("XG002", E, "文件已加密", "Encrypted file",
            "文件设置了打开密码，无法读取", "The file is password-protected and cannot be read",
            "请取消打开密码后重新报送", "Remove the open password and resend"),
    Problem("XG003", E, "不是绩效目标表", "Not a target table",
            "文件中未找到绩效目标表（没有“一级指标”表头或预算标签）",
            "No performance-target table found (no 一级指标 header or budget labels)",
            "请使用标准模板填报", "Use the standard template"),
    Problem("XG004", E, "文件过大", "File too large",
            "文件过大（{size}），超过上限 {limit}", "The file is too large ({size}, limit {limit})",
            "请删除多余的工作表或图片后重新报送", "Remove extra sheets or pictures and resend"),
    Problem("XG005", I, "跳过临时文件", "Lock file skipped",
            "跳过 Excel 临时锁定文件", "Skipped an Excel lock file",
            "无需处理", "Nothing to do"),
    Problem("XG006", I, "跳过汇总结果", "Earlier output skipped",
            "跳过 xlgoals 以前生成的汇总表", "Skipped an earlier xlgoals consolidation",
            "无需处理", "Nothing to do"),
    Problem("XG007", E, "文件类型不支持", "Unsupported file type",
            "不支持的文件类型：{suffix}", "Unsupported file type: {suffix}",
            "请报送 .xlsx 文件", "Send an .xlsx file"),
    Problem("XG008", W, "部门重复报送", "Department submitted twice",
            "部门“{department}”报送了多份文件：{files}",
            "Department {department} was submitted more than once: {files}",
            "请确认哪一份为准，删除其余文件", "Keep one file and remove the others"),
    Problem("XG009", E, "缺少必需的表", "Required table missing",
            "缺少{table}", "The workbook has no {table}",
            "请补充该表后重新报送", "Add the table and resend"),
    Problem("XG010", E, "路径不存在", "Path not found",
            "找不到文件或文件夹：{path}", "No such file or folder: {path}",
            "请检查路径", "Check the path"),
    Problem("XG011", E, "空文件", "Empty file",
            "文件是空的（0 字节），可能没有保存或复制完整",
            "The file is empty (0 bytes): it may not have been saved or copied completely",
            "请重新保存或重新发送该文件", "Save or send the file again"),
    Problem("XG012", E, "不是 Excel 工作簿", "Not a workbook",
            "文件实际是{kind_zh}，不是 Excel 工作簿", "The file is really {kind}, not an Excel workbook",
            "请报送 Excel 工作簿（压缩包请先解压；网页或文本请用 Excel 打开后另存为 .xlsx）",
            "Send an Excel workbook (unzip archives first; open web pages or text in Excel and "
            "save as .xlsx)"),
    Problem("XG013", E, "文件含有不安全的定义", "Unsafe XML",
            "文件中的“{part}”含有 Excel 不会写入的 DTD 定义（<!DOCTYPE>），可能是恶意构造的文件，"
            "为安全起见未读取",
            "{part} inside the file holds a DTD (<!DOCTYPE>), which Excel never writes; it may be "
            "a crafted file and was not read",
            "请向报送单位确认来源，用 Excel 打开并另存为 .xlsx 后重新报送",
            "Check where it came from; open it in Excel, save as .xlsx and resend"),
    Problem("XG014", E, "疑似压缩炸弹", "Zip bomb",
            "文件中的“{part}”解压后有 {size}，压缩比 {ratio}:1，超过上限 {limit}:1，"
            "像是“压缩炸弹”，为安全起见未读取",
            "{part} unpacks to {size}, a compression ratio of {ratio}:1 (limit {limit}:1): it "
            "looks like a zip bomb and was not read",
            "请向报送单位确认来源，用 Excel 打开并另存为 .xlsx 后重新报送",
            "Check where it came from; open it in Excel, save as .xlsx and resend"),
    Problem("XG015", E, "文件内部部件过多", "Too many parts",
            "文件内部有 {count} 个部件，超过上限 {limit}，为安全起见未读取",
            "The file holds {count} parts inside, more than the limit of {limit}; it was not read",
            "请删除多余的工作表、图片或对象后重新报送", "Remove extra sheets, pictures or objects and resend"),
    Problem("XG016", E, "没有读取权限", "No permission",
            "没有权限读取：{path}", "No permission to read {path}",
            "请检查文件或文件夹的权限，或复制到有权限的位置后重试",
            "Check its permissions, or copy it somewhere you can read and try again"),
    Problem("XG017", I, "工作簿可能正被打开", "Workbook open elsewhere",
            "旁边有 Excel 锁定文件“{lock}”，该工作簿可能正被他人打开编辑；已读取最后保存的内容",
            "The Excel lock file {lock} lies beside it: someone may have the workbook open; the "
            "last saved version was read",
            "如对方有未保存的修改，请保存后重新运行", "If they have unsaved changes, ask them to save and run again"),
    Problem("XG018", I, "隐藏的工作表", "Hidden sheet",
            "工作表“{sheet}”是隐藏的，其中的表格已照常读取", "Sheet {sheet} is hidden; its tables were read",
            "请确认隐藏的表格是否应当报送", "Check that the hidden table belongs in the submission"),
    Problem("XG019", I, "隐藏的行", "Hidden rows",
            "工作表“{sheet}”第 {rows} 行是隐藏的，已照常读取",
            "Rows {rows} of sheet {sheet} are hidden; they were read",
            "请确认隐藏的行是否应当报送", "Check that the hidden rows belong in the submission"),
    Problem("XG020", E, "工作表过大", "Sheet too large",
            "工作表“{sheet}”的数据区域有 {rows} 行、{columns} 列，超过上限（最多 {max_rows} 行、"
            "{max_columns} 列、{max_cells} 个单元格），未读取该表",
            "Sheet {sheet} spans {rows} rows and {columns} columns, beyond the limit ({max_rows} "
            "rows, {max_columns} columns, {max_cells} cells); the sheet was not read",
            "多半是表格以外远处的单元格有内容：请选中表格以外多余的行和列并删除（不是清除内容），保存后重新报送",
            "Usually a stray cell far from the table: delete the extra rows and columns (not just "
            "clear them), save and resend"),
    Problem("XG021", W, "单元格内容过长", "Cell too long",
            "单元格内容有 {length} 个字符，超过上限 {limit}，只读取了前 {limit} 个字符",
            "The cell holds {length} characters, more than the limit of {limit}; only the first "
            "{limit} were read",
            "请精简该单元格的内容", "Shorten the text in this cell"),
    Problem("XG022", E, "工作表无法读取", "Sheet unreadable",
            "工作表“{sheet}”已损坏或缺失，无法读取；其余工作表已照常读取",
            "Sheet {sheet} is damaged or missing and could not be read; the other sheets were read",
            "请用 Excel 打开并另存为 .xlsx 后重新报送", "Open it in Excel, save as .xlsx and resend"),
    Problem("XG023", I, "扩展名与内容不符", "Name does not match content",
            "文件实际是 {actual} 格式，扩展名却是 {suffix}；已按实际格式读取",
            "The file is really {actual} but is named {suffix}; it was read as {actual}",
            "请另存为 .xlsx 后报送", "Save it as .xlsx"),
    Problem("XG024", E, "不是普通文件", "Not a regular file",
            "这不是普通文件，而是{kind_zh}，为安全起见未打开",
            "This is not a regular file but {kind}; it was not opened",
            "请报送工作簿文件本身（不是链接、管道或设备）",
            "Send the workbook file itself (not a link, a pipe or a device)"),
    Problem("XG025", E, "工作簿过大", "Workbook too large",
            "工作簿共有 {sheets} 个工作表、{cells} 个单元格的数据区域，超过上限（最多 {max_sheets} 个"
            "工作表、共 {max_cells} 个单元格），为安全起见未读取",
            "The workbook has {sheets} sheets spanning {cells} cells, beyond the limit "
            "({max_sheets} sheets, {max_cells} cells in all); it was not read",
            "多半是表格以外远处的单元格有内容：请删除多余的工作表和表格以外的行列，保存后重新报送",
            "Usually stray cells far from the tables: delete extra sheets and the rows and "
            "columns beyond the tables, save and resend"),
    Problem("XG026", E, "数值超出范围", "Number out of range",
            "“{label}”的值“{value}”超出 Excel 能准确保存的范围（整数部分最多 15 位、小数部分最多 10 位），"
            "未读取该值",
            "{label}: {value} is beyond what Excel holds exactly (at most 15 digits before the "
            "point and 10 after); the value was not read",
            "请核对该数值，删去多余的数字（金额单位万元）",
            "Check the number and remove the extra digits (amounts in 万元)"),
    Problem("XG027", I, "文本编码", "Text encoding",
            "文本文件是 {encoding} 编码，已按 {encoding} 读取",
            "The text file is in {encoding}; it was read as {encoding}",
            "无需处理；今后请存为 UTF-8", "Nothing to do; save as UTF-8 in future"),
    Problem("XG028", E, "文本编码无法识别", "Unknown text encoding",
            "文本文件的编码无法识别（不是 UTF-8、GB18030 或 UTF-16），未读取",
            "The text file's encoding is not recognised (not UTF-8, GB18030 or UTF-16); it was "
            "not read",
            "请用记事本打开并另存为 UTF-8 编码后重试", "Open it in a text editor, save as UTF-8 and retry"),
    Problem("XG029", E, "文本文件过大", "Text file too large",
            "文本文件按行、按制表符分栏共有 {cells} 栏，超过上限 {limit}，为安全起见未读取",
            "The text file holds {cells} fields (lines split at tabs), beyond the limit of "
            "{limit}; it was not read",
            "请把文本拆成几个文件后分别导入", "Split the text into several files and import each"),
    Problem("XG030", E, "无法写出", "Cannot write",
            "无法写出“{path}”：{reason}；其余部门照常写出", "Cannot write {path}: {reason}; the "
            "other departments were written",
            "请检查输出文件夹（空间、权限、文件名长度）后重试",
            "Check the output folder (space, permission, name length) and retry"),
    # XG1xx: structure of a table and its rows
    Problem("XG101", E, "缺少表头项目", "Header field missing",
            "未找到“{label}”", "Label {label} not found",
            "请按模板填写该项目", "Fill in this field as in the template"),
    Problem("XG102", E, "一级指标不规范", "Unknown 一级指标",
            "一级指标“{value}”不在指标体系中（应为 产出/成本/效益/满意度指标）",
            "一级指标 {value} is not in the framework (产出/成本/效益/满意度指标)",
            "请从下拉列表中选择一级指标", "Choose the 一级指标 from the dropdown"),
    Problem("XG103", E, "缺少一级指标", "一级指标 missing",
            "指标“{name}”没有一级指标", "Indicator {name} has no 一级指标",
            "请填写一级指标", "Fill in the 一级指标"),
    Problem("XG104", E, "二级指标不规范", "Unknown 二级指标",
            "二级指标“{value}”不在指标体系中", "二级指标 {value} is not in the framework",
            "请从下拉列表中选择二级指标", "Choose the 二级指标 from the dropdown"),
    Problem("XG105", E, "缺少二级指标", "二级指标 missing",
            "指标“{name}”没有二级指标", "Indicator {name} has no 二级指标",
            "请填写二级指标", "Fill in the 二级指标"),
    Problem("XG106", E, "二级指标归属错误", "二级 under the wrong 一级",
            "二级指标“{level2}”应属于“{expected}”，不应放在“{level1}”下",
            "二级指标 {level2} belongs under {expected}, not {level1}",
            "请将该行移到正确的一级指标下", "Move the row under the right 一级指标"),
    Problem("XG107", W, "成本指标位置过时", "成本 under 产出 (pre-2021)",
            "“成本指标”放在“产出指标”下是2021年以前的写法，现为一级指标（其下为经济/社会/生态环境成本指标）",
            "成本指标 under 产出指标 is the pre-2021 layout; it is now a 一级指标",
            "请将一级指标改为“成本指标”，二级指标选经济成本指标等",
            "Make it 一级 成本指标 with 二级 经济成本指标 etc."),
    Problem("XG108", E, "缺少三级指标名称", "三级指标 missing",
            "该行有指标值但没有三级指标名称", "The row has a target but no 三级指标 name",
            "请填写三级指标名称", "Fill in the 三级指标 name"),
    Problem("XG109", W, "三级指标重复", "Duplicate 三级指标",
            "三级指标“{name}”在本表中出现了{count}次（{cells}）",
            "三级指标 {name} occurs {count} times in this table ({cells})",
            "请删除重复行或区分指标名称", "Remove the duplicate or rename it"),
    Problem("XG110", E, "缺少必需的一级指标", "Required 一级 missing",
            "本表没有“{level1}”类指标", "The table has no {level1} indicator",
            "每张表至少要有一个产出、效益和满意度指标", "Each table needs 产出, 效益 and 满意度"),
    Problem("XG111", W, "项目表缺少成本指标", "Project without 成本",
            "项目表没有成本指标", "The project table has no 成本指标",
            "请补充成本指标（如 经济成本指标）", "Add a 成本指标 (e.g. 经济成本指标)"),
    Problem("XG112", W, "单元格含有识别残留", "OCR or HTML debris",
            "单元格含有排版或识别残留“{debris}”", "The cell holds OCR or HTML debris {debris}",
            "请删除这些符号，只保留内容", "Delete the debris and keep the content"),
    Problem("XG113", E, "缺少绩效指标", "No indicators",
            "本表没有绩效指标行", "The table has no indicator rows",
            "请在“一级指标/二级指标/三级指标”表头下填写指标", "Fill in indicator rows under the header"),
    Problem("XG114", E, "金额无法识别", "Amount not a number",
            "“{label}”的值“{value}”不是金额", "{label}: {value} is not an amount",
            "请填写数字（单位万元）", "Enter a number (in 万元)"),
    Problem("XG116", I, "单位已换算", "Unit converted",
            "“{label}”以元填报（{raw}），已换算为 {value} 万元",
            "{label} was given in 元 ({raw}); converted to {value} 万元",
            "模板金额单位为万元", "The template uses 万元"),
    Problem("XG117", W, "表格未能完整读取", "Table not fully read",
            "表格未能完整读取：第 {rows} 行有 {count} 个单元格未能归入任何栏目（读取覆盖率 {coverage}），"
            "原文：“{text}”；依赖这些内容的检查（如缺少一级指标）未执行",
            "Table not fully read: {count} cells on line(s) {rows} could not be placed in any column"
            " (coverage {coverage}); verbatim: {text}. Checks that depend on them were not run",
            "请人工核对这些内容，或按标准模板重新填报", "Check these cells by hand, or refile on the template"),
    Problem("XG118", W, "旧版指标写法", "Pre-2021 indicator label",
            "“{value}”是2021年以前的写法，现为“{expected}”（已按“{expected}”读取）",
            "{value} is the pre-2021 label; it is now {expected} (read as such)",
            "请按财预〔2021〕101号的指标体系填写", "Use the 2021 framework (财预〔2021〕101号)"),
    Problem("XG119", I, "已转换繁体字", "Traditional characters read",
            "本表以繁体字填写{glosses}，已转为简体读取", "The table is in traditional characters{glosses_en}; read as simplified",
            "无需处理", "Nothing to do"),
    Problem("XG120", W, "项目表头不完整", "Project header incomplete",
            "项目表未填写“{label}”", "The project table does not give its {label}",
            "请填写主管部门（及代码）和实施单位", "Fill in the 主管部门 and the 实施单位"),
    # XG13x: repairs made while importing other layouts (xlgoals import), listed in 导入记录,
    # and to text that a cell cannot hold as it was (any workbook xlgoals writes)
    Problem("XG130", I, "已移正错位的行", "Row shifted back",
            "本行内容错位一列（{cells}），已按内容整体{direction_zh}移一列",
            "The row's cells were one column off ({cells}); moved one column {direction}",
            "请核对修正是否正确", "Check that the repair is right"),
    Problem("XG131", I, "已合并跨页的行", "Row joined across a page break",
            "“{name}”的指标值“{value}”在分页后另起一行（{source}），已并入本行",
            "The target {value} of {name} continued on a line of its own ({source}); joined",
            "请核对修正是否正确", "Check that the repair is right"),
    Problem("XG132", I, "已删除识别残留", "Debris removed",
            "已删除排版或识别残留“{debris}”", "Removed layout or OCR debris {debris}",
            "无需处理", "Nothing to do"),
    Problem("XG133", W, "内容未能归入表格", "Content not placed",
            "未能归入任何表格或栏目，原文：“{text}”",
            "Could not be placed in any table or field; verbatim: {text}",
            "请人工核对，必要时补填到相应位置", "Check it and fill it in where it belongs"),
    Problem("XG134", I, "已去除标签中的断行", "Label joined",
            "“{text}”含断行或空格，已读作“{joined}”", "{text} had line breaks or spaces; read as {joined}",
            "无需处理", "Nothing to do"),
    Problem("XG135", I, "已拼接续行", "Continued text joined",
            "“{label}”的内容在其后 {lines} 行继续，已拼接为一段",
            "The text of {label} continued over {lines} more lines; joined",
            "请核对拼接是否正确", "Check the joined text"),
    Problem("XG136", I, "指标值按原文填写", "Target entered as written",
            "指标值“{raw}”无法拆分为计算符号、指标值和单位（{reason_zh}），已按原文填入指标值栏",
            "{raw} does not split into comparator, value and unit ({reason}); entered as written",
            "请与部门确认计算符号和指标值", "Confirm comparator and value with the department"),
    Problem("XG138", I, "未写计算符号", "No comparator written",
            "指标值“{raw}”未写计算符号，已拆分为指标值和单位，计算符号留空（未作推测）",
            "{raw} had no comparator; value and unit split, comparator left blank (not guessed)",
            "请与部门确认计算符号", "Confirm the comparator with the department"),
    Problem("XG137", I, "已推断计算符号", "Comparator inferred",
            "指标值“{raw}”未写计算符号，按文字目标填为“定性”",
            "{raw} had no comparator; entered as 定性 (a text target)",
            "请核对", "Check it"),
    Problem("XG139", W, "已删除控制字符", "Control characters removed",
            "“{text}”含不可见的控制字符，写入汇总表时已删除",
            "{text} held invisible control characters; removed in the output",
            "请在原表中删除这些字符", "Remove the characters in the source workbook"),
    Problem("XG140", W, "文本过长已截断", "Text cut",
            "“{text}”超过 Excel 单元格上限 32767 个字符，写入汇总表时已截断",
            "{text} is longer than an Excel cell holds (32,767 characters); cut in the output",
            "请精简原表中的内容", "Shorten the text in the source workbook"),
    # XG2xx: budget arithmetic
    Problem("XG201", E, "预算金额不平衡", "Budget does not add up",
            "{total_label} {total} 万元（{total_cell}）≠ {parts}（{part_cells}），相差 {difference} 万元",
            "{total_label} {total} 万元 ({total_cell}) ≠ {parts} ({part_cells}): "
            "difference {difference} 万元",
            "请核对合计与各分项", "Check the total against its parts"),
    Problem("XG202", W, "预算金额尾差", "Rounding difference",
            "{total_label} {total} 万元（{total_cell}）与 {parts}（{part_cells}）相差 {difference}"
            " 万元，属于四舍五入尾差",
            "{total_label} {total} 万元 ({total_cell}) differs from {parts} ({part_cells}) by "
            "{difference} 万元: rounding",
            "请确认尾差，必要时调整末位", "Confirm the rounding; adjust the last digit if needed"),
    Problem("XG203", W, "项目资金超过项目支出", "Project funds exceed 项目支出",
            "项目资金合计 {funds} 万元（{projects}）超过部门整体表的项目支出 {project} 万元",
            "Project funds {funds} 万元 ({projects}) exceed the department's 项目支出 {project} 万元",
            "请核实资金是否在其他科目列支", "Check whether the fund is budgeted elsewhere"),
    Problem("XG204", E, "缺少预算金额", "Amount missing",
            "未填写“{label}”", "{label} is empty",
            "请填写金额（单位万元）", "Enter the amount (in 万元)"),
    Problem("XG205", I, "合计已重算", "Total recomputed",
            "{total_label} 已写为公式 ={formula}，计算值 {value} 万元",
            "{total_label} written as the formula ={formula}, value {value} 万元",
            "无需处理", "Nothing to do"),
    Problem("XG206", W, "项目资金未分列来源", "Funds not broken down",
            "项目只填了{label} {total} 万元，未分列财政拨款、上年结转、其他资金",
            "Only {label} {total} 万元 is given: no 财政拨款, 上年结转 or 其他资金",
            "请按资金来源分列（没有的填 0）", "Give each source of funds (0 where there is none)"),
    Problem("XG207", W, "金额为负数", "Negative amount",
            "“{label}”的金额为负数（{value} 万元）", "{label} is negative ({value} 万元)",
            "预算金额应为正数，请核对是否误加了负号", "Budget amounts are positive: check for a stray minus sign"),
    # XG3xx: comparators and target values
    Problem("XG301", E, "指标值为占位符", "Placeholder target",
            "指标值“{value}”是占位符，没有实际目标", "The target {value} is a placeholder",
            "请填写具体的目标值", "Enter a real target"),
    Problem("XG302", E, "缺少指标值", "Target missing",
            "指标“{name}”没有指标值", "Indicator {name} has no target",
            "请填写指标值", "Enter the target"),
    Problem("XG303", W, "缺少计算符号", "Comparator missing",
            "“{name}”的指标值“{raw}”没有计算符号（应为 ≥ > = < ≤ 定性 之一）",
            "{name}: the target {raw} has no comparator (≥ > = < ≤ 定性)",
            "请在计算符号列选择符号", "Choose the comparator"),
    Problem("XG304", W, "指标值为约数", "Approximate target",
            "“{name}”的指标值“{raw}”是约数，无法考核；计算符号应为 ≥ > = < ≤ 之一",
            "{name}: {raw} is approximate and cannot be assessed",
            "请改为明确的上限或下限，如 ≤5.5%", "Write a bound, e.g. ≤5.5%"),
    Problem("XG305", W, "相对目标值", "Relative bound",
            "“{name}”的指标值“{raw}”是相对其他标准的文字上限，无法直接考核",
            "{name}: {raw} is a bound relative to another standard",
            "请换算为具体数值，或改为定性指标", "State the number, or make it 定性"),
    Problem("XG306", W, "指标值为日期", "Date as target",
            "“{name}”的指标值“{raw}”是时间要求而不是指标值",
            "{name}: {raw} is a deadline, not a target value",
            "请改为及时率等可考核的指标，或填写定性", "Use a rate, or make it 定性"),
    Problem("XG307", E, "文字目标用了数值符号", "Text target with number comparator",
            "指标值“{raw}”是文字，计算符号却是“{comparator}”",
            "The target {raw} is text but the comparator is {comparator}",
            "文字目标的计算符号应为“定性”", "A text target takes 定性"),
    Problem("XG308", E, "数值目标标为定性", "Number marked 定性",
            "指标值“{raw}”是数值，计算符号却是“定性”",
            "The target {raw} is a number but the comparator is 定性",
            "请选择 ≥ > = < ≤", "Choose ≥ > = < ≤"),
    Problem("XG309", W, "满意度计算符号不当", "Satisfaction comparator",
            "满意度指标“{name}”应为“≥ x%”，这里是“{raw}”",
            "Satisfaction {name} should be ≥ x%, not {raw}",
            "请改为 ≥ 某个百分比", "Write ≥ a percentage"),
    Problem("XG310", W, "成本指标计算符号不当", "Cost comparator",
            "成本指标“{name}”应为“≤”或“=”，这里是“{raw}”",
            "Cost indicator {name} takes ≤ or =, not {raw}",
            "成本指标是上限，请用 ≤", "A cost is a ceiling: use ≤"),
    Problem("XG311", E, "成本指标单位不是金额", "Cost unit not money",
            "成本指标“{name}”的单位是“{unit}”，不是金额（元、万元、元/人…）",
            "Cost indicator {name} is in {unit}, not money",
            "该指标不是成本，请移到正确的指标类别，或改用金额单位",
            "Move it to the right category, or use a money unit"),
    Problem("XG312", W, "负向指标计算符号不当", "Negative indicator comparator",
            "“{name}”是负向指标（越少越好），计算符号应为 ≤ 或 <，这里是“{comparator}”",
            "{name} is a negative indicator: use ≤ or <, not {comparator}",
            "请改用 ≤ 或 <", "Use ≤ or <"),
    Problem("XG313", W, "数量指标用了上限", "Output quantity capped",
            "产出数量指标“{name}”用了“{comparator}”（上限），一般应为 ≥ 或 =，请复核",
            "Output quantity {name} uses {comparator} (a ceiling); usually ≥ or =",
            "确需设上限请说明理由，否则改为 ≥", "Use ≥ unless a ceiling is meant"),
    Problem("XG314", E, "比率目标无法达到", "Rate above 100%",
            "比率“{name}”的目标为“{raw}”：{why}；应写“{suggest}”",
            "The rate {name} at {raw}: {why}; write {suggest}",
            "比率最高为100%：全部达到请写 =100%（满意度请写 ≥ 低于100%的值，如 ≥95%）",
            "A rate is at most 100%: write =100% for all (a satisfaction: ≥ a value below 100%)"),
    Problem("XG315", E, "数量指标单位为%", "Count in %",
            "“{name}”是数量（人数、次数…），单位却是“%”{filed}",
            "{name} is a count but its unit is %{filed}",
            "请填写实际数量和单位（人、次…）；放在成本指标下的，请移到“产出指标—数量指标”",
            "Enter the count and its unit; if filed under 成本指标, move it to 产出指标/数量指标"),
    Problem("XG316", E, "计算符号不规范", "Unknown comparator",
            "计算符号“{value}”不是 ≥ > = < ≤ 定性 之一", "Comparator {value} is not one of ≥ > = < ≤ 定性",
            "请从下拉列表中选择", "Choose from the dropdown"),
    Problem("XG317", I, "计算符号为文字", "Comparator in words",
            "“{raw}”的计算符号写成了文字，已按“{comparator}”理解",
            "The comparator of {raw} is in words; read as {comparator}",
            "请在计算符号列选择符号", "Choose the comparator symbol"),
    Problem("XG318", W, "比率单位不是%", "Rate without %",
            "比率“{name}”的单位是“{unit}”，应为“%”", "Rate {name} is in {unit}, not %",
            "请使用 %", "Use %"),
    Problem("XG319", W, "满意度目标为100%", "Satisfaction held to 100%",
            "满意度“{name}”的目标为“{raw}”：调查难以人人满意，100%的目标无法作为考核标准",
            "Satisfaction {name} at {raw}: a survey cannot be held to everyone satisfied",
            "请改为 ≥ 一个低于100%的值，如 ≥95%", "Write ≥ a value below 100%, e.g. ≥95%"),
    Problem("XG320", W, "质量指标填的是数量", "Count under 质量指标",
            "质量指标“{name}”的目标“{raw}”是数量（单位“{unit}”），不是质量",
            "Quality indicator {name} at {raw} is a count ({unit}), not a quality",
            "请移到“数量指标”下，质量指标可改用合格率、达标率等",
            "Move it under 数量指标; a quality is a rate (合格率, 达标率)"),
    Problem("XG321", W, "比率用了文字目标", "Rate with a text target",
            "比率“{name}”的目标是文字“{raw}”，无法考核", "The rate {name} has the text target {raw}",
            "比率请写成数值，如 ≥90%", "Write the rate as a number, e.g. ≥90%"),
    Problem("XG322", W, "定性目标没有方向", "Text target without direction",
            "定性指标“{name}”的目标“{raw}”没有写出方向或程度，年底无法判断是否达成",
            "The text target {raw} of {name} says neither a direction nor a grade",
            "请写明要达到的效果，如“有所提升”“明显改善”“保持稳定”",
            "Say what is expected, e.g. 有所提升, 明显改善, 保持稳定"),
    Problem("XG323", W, "指标值为负数", "Negative target",
            "“{name}”的指标值“{raw}”是负数，请确认", "{name}: the target {raw} is negative",
            "目标值一般为正数；下降幅度请写成正数并用“≤”或在名称中写明“下降”",
            "Targets are usually positive; write a decrease as a positive number with ≤, or say "
            "下降 in the name"),
    # XG4xx: consistency between tables and departments
    Problem("XG401", W, "同一指标写法不一致", "Same indicator written differently",
            "“{name}”在{table_a}为“{raw_a}”（{cell_a}），在{table_b}为“{raw_b}”（{cell_b}）",
            "{name} is {raw_a} in {table_a} ({cell_a}) but {raw_b} in {table_b} ({cell_b})",
            "同一指标应使用相同的计算符号、指标值和单位", "Use the same comparator, value and unit"),
    Problem("XG402", W, "同名指标单位不一致", "Units differ across departments",
            "指标“{name}”在不同部门使用了不同单位：{units}",
            "Indicator {name} uses different units across departments: {units}",
            "请统一单位", "Use one unit"),
    # XG5xx: year-end self-evaluation (绩效自评表), scored by the rule; history across years
    Problem("XG501", W, "分值合计不是100", "Weights do not add up to 100",
            "各项分值合计为 {total}（指标 {rows}，预算执行 {funds}），应为 100",
            "The weights add up to {total} (indicators {rows}, budget execution {funds}), not 100",
            "请核对各指标分值", "Check the weights"),
    Problem("XG502", E, "得分超过分值", "Score above its weight",
            "“{name}”得分 {score} 超过分值 {weight}", "{name} scores {score}, above its weight {weight}",
            "得分最高不能超过该指标分值", "A score cannot exceed its weight"),
    Problem("XG503", W, "得分与评分规则不符", "Score differs from the rule",
            "“{name}”填报得分 {published}，按评分规则为 {computed}（{basis}）",
            "{name}: published score {published}, the rule gives {computed} ({basis})",
            "评分偏离规则时请在偏差原因中说明依据；本表不改动填报的得分",
            "If the score departs from the rule on purpose, say why; the published score is kept"),
    Problem("XG504", W, "未完成目标未说明原因", "Shortfall without a reason",
            "“{name}”未完成目标（指标值 {target}，完成值 {actual}），未填写偏差原因分析及改进措施",
            "{name} fell short (target {target}, actual {actual}) and gives no reason",
            "请填写偏差原因分析及改进措施", "Fill in 偏差原因分析及改进措施"),
    Problem("XG505", W, "执行率偏低未说明原因", "Low execution without a reason",
            "预算执行率 {rate}% 低于 {limit}%，未说明原因", "Budget execution is {rate}%, below {limit}%, with no reason",
            "请说明执行率偏低的原因", "Say why execution is low"),
    Problem("XG506", W, "缺少实际完成值", "Actual value missing",
            "“{name}”（指标值 {target}）未填写实际完成值", "{name} (target {target}) has no actual value",
            "请填写全年实际完成值", "Fill in the actual value"),
    Problem("XG507", W, "完成值单位与指标值不同", "Actual in another unit",
            "“{name}”指标值单位为“{unit}”，实际完成值为“{actual}”", "{name}: the target is in {unit}, the actual is {actual}",
            "请按指标值的单位填写完成值", "Give the actual in the target's unit"),
    Problem("XG508", I, "指标值设置偏低", "Target set too low",
            "“{name}”完成值 {actual} 是指标值 {target} 的 {times} 倍，指标值可能设置偏低",
            "{name}: the actual {actual} is {times} times the target {target}; the target may be set too low",
            "下一年度请按实际水平设定指标值", "Set next year's target at the level reached"),
    Problem("XG509", W, "预算执行率超过100%", "Execution above 100%",
            "全年执行数 {executed} 超过全年预算数 {budget}（执行率 {rate}%）",
            "Executed {executed} exceeds the budget {budget} ({rate}%)",
            "请核对执行数和预算数", "Check the executed and budget figures"),
    Problem("XG510", W, "指标值低于上年实际", "Target below last year's actual",
            "“{name}”今年指标值 {target}，低于上年实际完成值 {previous}（{previous_at}）",
            "{name}: this year's target {target} is below last year's actual {previous} ({previous_at})",
            "指标值一般不应低于上年实际水平；确有原因请说明", "A target should not fall below last year's result; say why if it must"),
    Problem("XG511", W, "指标值低于上年目标", "Target below last year's target",
            "“{name}”今年指标值 {target}，低于上年指标值 {previous}（{previous_at}）",
            "{name}: this year's target {target} is below last year's target {previous} ({previous_at})",
            "指标值一般不应低于上年目标；确有原因请说明", "A target should not fall below last year's; say why if it must"),
]  # fmt: skip

CATALOGUE: dict[str, Problem] = {p.code: p for p in _ENTRIES}


def markdown() -> str:
    """The catalogue as docs/reference/codes.md lists it (`python -m xlgoals.problems.catalogue`)."""
    lines: list[str] = []
    family = None
    for entry in CATALOGUE.values():
        if entry.family is not family:
            family = entry.family
            lines += ["", f"**{family.label_zh} ({family.value})**", ""]
            lines += ["| code | severity | 问题 | problem |", "|---|---|---|---|"]
        lines.append(
            f"| {entry.code} | {entry.severity.value} | {entry.title_zh} | {entry.title_en} |"
        )
    return "\n".join(lines).strip() + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
