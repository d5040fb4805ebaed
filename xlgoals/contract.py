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
)


DEPARTMENT_TABLE_NAME = "部门整体支出绩效目标表"
