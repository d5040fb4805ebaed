Attribute VB_Name = "xlgoalsRemote"
' What xlgoals Server asks of xlwings' VBA client (Remote.bas runs these through runMacro):
' the server cannot read a cell's fill or a sheet's protection, so the client does. The names
' are xlgoals.excel.buttons.CLIENT_MACROS; the first argument is always the workbook.
' Keep this file ASCII (see xlgoals.bas).
Option Explicit

' sheet name -> the sheet's protection settings, between xlgoalsUnprotect and xlgoalsReprotect
Private xgProtection As Collection

' Name a cell <prefix>_<its fill as RRGGBB, or none><suffix> before xlgoals fills it.
Sub xlgoalsRecordFill(wb As Workbook, sheetName As Variant, address As Variant, _
                      prefix As Variant, suffix As Variant)
    Dim cell As Range, original As String, colour As Long
    Set cell = wb.Worksheets(CStr(sheetName)).Range(CStr(address))
    If cell.Interior.Pattern = xlNone Then
        original = "none"
    Else
        colour = cell.Interior.Color  ' BGR
        original = HexByte(colour Mod 256) & HexByte((colour \ 256) Mod 256) & _
                   HexByte(colour \ 65536)
    End If
    wb.Names.Add Name:=CStr(prefix) & "_" & original & CStr(suffix), _
        RefersTo:="='" & Replace(CStr(sheetName), "'", "''") & "'!" & cell.Address
End Sub

Private Function HexByte(value As Long) As String
    HexByte = Right("0" & Hex(value), 2)
End Function

' Give a cell no fill (Remote.bas has no action for that).
Sub xlgoalsClearFill(wb As Workbook, sheetName As Variant, address As Variant)
    wb.Worksheets(CStr(sheetName)).Range(CStr(address)).Interior.Pattern = xlNone
End Sub

' Lift a sheet's protection, remembering its settings. A password stops here, as it should.
Sub xlgoalsUnprotect(wb As Workbook, sheetName As Variant)
    Dim ws As Worksheet
    Set ws = wb.Worksheets(CStr(sheetName))
    If xgProtection Is Nothing Then Set xgProtection = New Collection
    On Error Resume Next
    xgProtection.Remove CStr(sheetName)
    On Error GoTo 0
    If Not ws.ProtectContents Then Exit Sub
    With ws.Protection
        xgProtection.Add Array(ws.ProtectDrawingObjects, ws.ProtectScenarios, _
            .AllowFormattingCells, .AllowFormattingColumns, .AllowFormattingRows, _
            .AllowInsertingColumns, .AllowInsertingRows, .AllowInsertingHyperlinks, _
            .AllowDeletingColumns, .AllowDeletingRows, .AllowSorting, .AllowFiltering, _
            .AllowUsingPivotTables), CStr(sheetName)
    End With
    ws.Unprotect
End Sub

' Protect a sheet again with the settings xlgoalsUnprotect remembered (if it was protected).
Sub xlgoalsReprotect(wb As Workbook, sheetName As Variant)
    Dim s As Variant
    If xgProtection Is Nothing Then Exit Sub
    On Error Resume Next
    s = xgProtection(CStr(sheetName))
    If Err.Number <> 0 Then Exit Sub
    On Error GoTo 0
    xgProtection.Remove CStr(sheetName)
    wb.Worksheets(CStr(sheetName)).Protect DrawingObjects:=s(0), Contents:=True, _
        Scenarios:=s(1), AllowFormattingCells:=s(2), AllowFormattingColumns:=s(3), _
        AllowFormattingRows:=s(4), AllowInsertingColumns:=s(5), AllowInsertingRows:=s(6), _
        AllowInsertingHyperlinks:=s(7), AllowDeletingColumns:=s(8), AllowDeletingRows:=s(9), _
        AllowSorting:=s(10), AllowFiltering:=s(11), AllowUsingPivotTables:=s(12)
End Sub
