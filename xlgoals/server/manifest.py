"""The Office.js add-in manifest: a 绩效目标 tab whose buttons run the xlgoals.excel actions.

Labels match the desktop ribbon (macros/customUI.xml), so clerks see the same tab everywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

#: Office requires a unique id per add-in; a bureau may set its own (XLGOALS_ADDIN_ID).
DEFAULT_ADDIN_ID = "6b1f3c2e-8d4a-4f5b-9c7e-2a1d0e9f8b31"
TAB_LABEL = "绩效目标"


@dataclass(frozen=True)
class Button:
    action: str  # the xlgoals.excel function, also the endpoint /xlgoals/<action>
    label: str
    tip: str
    group: str


GROUPS = {"department": "部门填报", "finance": "财政局汇总"}

BUTTONS = (
    Button("validate", "检查填报", "检查本工作簿的绩效目标表，标出有问题的单元格并生成问题清单。",
           "department"),
    Button("subtotals", "计算小计", "写入资金合计与小计公式。", "department"),
    Button("comparators", "检查计算符号", "检查各指标的计算符号与指标值是否匹配。", "department"),
    Button("clear_marks", "清除标记", "清除检查时添加的颜色标记和问题清单。", "department"),
    Button("add_project_sheet", "新增项目表", "按模板新增一张项目绩效目标表。", "department"),
    Button("score", "自评打分", "按评分规则计算绩效自评表的得分，写在填报得分旁并标出不一致之处。",
           "department"),
    Button("merge", "汇总各部门", "把各部门报送的绩效目标表汇总到一个工作簿。", "finance"),
)  # fmt: skip

ACTIONS = tuple(b.action for b in BUTTONS)

#: The ExcelApi the client needs: xlwings-server's getBookData reads the print area
#: (pageLayout, 1.9) and the used range (1.4); the marks read RangeFill.pattern (1.9) and
#: WorksheetProtection options (1.2). Notes (1.18) are used only where the host has them.
EXCEL_API = "1.9"


def manifest(base_url: str, static_path: str = "/static") -> str:
    """The manifest XML for a server reachable at `base_url` (https://…), its static files at
    `static_path` (xlwings-server's XLWINGS_STATIC_URL_PATH)."""
    base = base_url.rstrip("/")
    icons = base + "/" + static_path.strip("/") + "/images/icons"
    addin_id = os.environ.get("XLGOALS_ADDIN_ID", DEFAULT_ADDIN_ID)
    groups = "\n".join(_group(key, label) for key, label in GROUPS.items())
    strings = "\n".join(
        f'          <bt:String id="{b.action}.Label" DefaultValue={quoteattr(b.label)}/>'
        for b in BUTTONS
    )
    tips = "\n".join(
        f'          <bt:String id="{b.action}.Tip" DefaultValue={quoteattr(b.tip)}/>'
        for b in BUTTONS
    )
    group_strings = "\n".join(
        f'          <bt:String id="Group.{key}" DefaultValue={quoteattr(label)}/>'
        for key, label in GROUPS.items()
    )
    return _TEMPLATE.format(
        id=escape(addin_id),
        base=escape(base),
        icons=escape(icons),
        tab=quoteattr(TAB_LABEL),
        groups=groups,
        strings=strings,
        tips=tips,
        group_strings=group_strings,
        excel_api=EXCEL_API,
    )


def _group(key: str, label: str) -> str:
    controls = "\n".join(_control(b) for b in BUTTONS if b.group == key)
    return f"""              <Group id="xlgoals.{key}">
                <Label resid="Group.{key}"/>
                <Icon>
                  <bt:Image size="16" resid="Icon.16"/>
                  <bt:Image size="32" resid="Icon.32"/>
                  <bt:Image size="80" resid="Icon.80"/>
                </Icon>
{controls}
              </Group>"""


def _control(button: Button) -> str:
    return f"""                <Control xsi:type="Button" id="xlgoals.{button.action}">
                  <Label resid="{button.action}.Label"/>
                  <Supertip>
                    <Title resid="{button.action}.Label"/>
                    <Description resid="{button.action}.Tip"/>
                  </Supertip>
                  <Icon>
                    <bt:Image size="16" resid="Icon.16"/>
                    <bt:Image size="32" resid="Icon.32"/>
                    <bt:Image size="80" resid="Icon.80"/>
                  </Icon>
                  <Action xsi:type="ExecuteFunction">
                    <FunctionName>{button.action}</FunctionName>
                  </Action>
                </Control>"""


_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
           xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
           xsi:type="TaskPaneApp">
  <Id>{id}</Id>
  <Version>1.0.0.0</Version>
  <ProviderName>xlgoals</ProviderName>
  <DefaultLocale>zh-CN</DefaultLocale>
  <DisplayName DefaultValue="绩效目标表"/>
  <Description DefaultValue="检查、合计、汇总绩效目标表 (xlgoals)"/>
  <IconUrl DefaultValue="{icons}/icon-32.png"/>
  <HighResolutionIconUrl DefaultValue="{icons}/icon-64.png"/>
  <SupportUrl DefaultValue="{base}/taskpane.html"/>
  <AppDomains>
    <AppDomain>{base}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="1.1">
      <Set Name="ExcelApi" MinVersion="{excel_api}"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue="{base}/taskpane.html"/>
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
                    xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <DesktopFormFactor>
          <FunctionFile resid="Taskpane.Url"/>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <CustomTab id="xlgoals.tab">
{groups}
              <Label resid="Tab.Label"/>
            </CustomTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>
        <bt:Image id="Icon.16" DefaultValue="{icons}/icon-16.png"/>
        <bt:Image id="Icon.32" DefaultValue="{icons}/icon-32.png"/>
        <bt:Image id="Icon.80" DefaultValue="{icons}/icon-80.png"/>
      </bt:Images>
      <bt:Urls>
        <bt:Url id="Taskpane.Url" DefaultValue="{base}/taskpane.html"/>
      </bt:Urls>
      <bt:ShortStrings>
        <bt:String id="Tab.Label" DefaultValue={tab}/>
{group_strings}
{strings}
      </bt:ShortStrings>
      <bt:LongStrings>
{tips}
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>
</OfficeApp>
"""
