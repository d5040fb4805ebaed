"""The district workbook's contract (what other tools rely on): its sheets and their columns,
in order. Read by the merge and its writer, and by `validation` to tell an earlier output."""

from __future__ import annotations

BUDGET_SHEET, PROJECTS_SHEET, INDICATORS_SHEET, PROBLEMS_SHEET = (
    "预算汇总",
    "项目汇总",
    "指标明细",
    "问题清单",
)


BUDGET_COLUMNS = (
    "部门",
    "收入预算合计",
    "财政拨款",
    "其他经费",
    "上年结转",
    "支出预算合计",
    "基本支出",
    "项目支出",
    "项目资金合计",
    "项目资金差额",
    "项目数",
    "指标数",
    "错误数",
    "警告数",
    "来源文件",
)


#: 万元 columns of 预算汇总 (the 合计 row sums them)
BUDGET_AMOUNTS = BUDGET_COLUMNS[1:10]


PROJECT_COLUMNS = (
    "部门",
    "项目名称",
    "实施单位",
    "年度资金总额",
    "财政拨款",
    "上年结转",
    "其他资金",
    "指标数",
    "来源文件",
    "工作表",
)


PROJECT_AMOUNTS = ("年度资金总额", "财政拨款", "上年结转", "其他资金")


INDICATOR_COLUMNS = (
    "部门",
    "表",
    "项目名称",
    "一级指标",
    "二级指标",
    "三级指标",
    "计算符号",
    "指标值",
    "单位",
    "约数",
    "原文",
    "来源文件",
    "工作表",
    "单元格",
    # year end (绩效自评表): as published, empty on target tables
    "全年实际完成值",
    "分值",
    "得分",
)

#: 自评汇总 (written when the inputs hold 绩效自评表): one row per scored table, by the rule
SELF_EVALUATION_SHEET = "自评汇总"
SELF_EVALUATION_COLUMNS = (
    "部门",
    "表",
    "项目名称",
    "全年预算数",
    "全年执行数",
    "执行率",
    "预算执行得分",
    "产出指标",
    "效益指标",
    "满意度指标",
    "其他指标",
    "总分",
    "填报总分",
    "总分差异",
    "等级",
    "未评分指标数",
    "得分与规则不符",
    "来源文件",
    "工作表",
)
#: 万元 and score columns of 自评汇总
SELF_EVALUATION_AMOUNTS = ("全年预算数", "全年执行数")


DEPARTMENT_TABLE_NAME = "部门整体支出绩效目标表"
