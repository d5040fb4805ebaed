Attribute VB_Name = "xlgoals"
' Ribbon callbacks of the xlgoals add-in: each button runs one function of xlgoals.excel
' through xlwings. Keep this file ASCII: VBA source is stored in the project's ANSI code page,
' while the Chinese labels live in customUI.xml (UTF-8).
Option Explicit

' Check the active workbook and mark problem cells.
Sub XgValidate(control As IRibbonControl)
    RunPython "import xlgoals.excel as xg; xg.validate()"
End Sub

' Write the subtotal formulas.
Sub XgSubtotals(control As IRibbonControl)
    RunPython "import xlgoals.excel as xg; xg.subtotals()"
End Sub

' Check the comparison signs of the indicators.
Sub XgComparators(control As IRibbonControl)
    RunPython "import xlgoals.excel as xg; xg.comparators()"
End Sub

' Remove the marks that validate and comparators added.
Sub XgClearMarks(control As IRibbonControl)
    RunPython "import xlgoals.excel as xg; xg.clear_marks()"
End Sub

' Add a sheet for one more project.
Sub XgAddProjectSheet(control As IRibbonControl)
    RunPython "import xlgoals.excel as xg; xg.add_project_sheet()"
End Sub

' Score a self-evaluation by the rule, beside the published scores.
Sub XgScore(control As IRibbonControl)
    RunPython "import xlgoals.excel as xg; xg.score()"
End Sub

' Consolidate the departments' workbooks.
Sub XgMerge(control As IRibbonControl)
    RunPython "import xlgoals.excel as xg; xg.merge()"
End Sub
