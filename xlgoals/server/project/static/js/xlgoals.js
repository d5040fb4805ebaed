// What xlgoals Server asks of the Office.js client (runMacro actions): the server cannot read a
// cell's fill or a sheet's protection, so the task pane does. The names are
// xlgoals.excel.buttons.CLIENT_MACROS; each takes the Excel request context first.
// Needs ExcelApi 1.9 (RangeFill.pattern) and 1.7 (WorksheetProtection.protect(options)).

// sheet name -> its protection options, between xlgoalsUnprotect and xlgoalsReprotect
const xlgoalsProtection = {};

function xlgoalsQuoted(sheetName) {
  return "'" + sheetName.replace(/'/g, "''") + "'";
}

// Name a cell <prefix>_<its fill as RRGGBB, or none><suffix> before xlgoals fills it.
async function xlgoalsRecordFill(context, sheetName, address, prefix, suffix) {
  const fill = context.workbook.worksheets.getItem(sheetName).getRange(address).format.fill;
  fill.load("color, pattern");
  await context.sync();
  const none = fill.pattern === "None" || !fill.color;
  const original = none ? "none" : fill.color.replace("#", "").toUpperCase();
  context.workbook.names.add(
    prefix + "_" + original + suffix,
    "=" + xlgoalsQuoted(sheetName) + "!" + address,
  );
  await context.sync();
}

// Give a cell no fill.
async function xlgoalsClearFill(context, sheetName, address) {
  context.workbook.worksheets.getItem(sheetName).getRange(address).format.fill.clear();
  await context.sync();
}

// Lift a sheet's protection, remembering its options. A password stops here, as it should.
async function xlgoalsUnprotect(context, sheetName) {
  const protection = context.workbook.worksheets.getItem(sheetName).protection;
  protection.load("protected, options");
  await context.sync();
  delete xlgoalsProtection[sheetName];
  if (!protection.protected) return;
  xlgoalsProtection[sheetName] = protection.options;
  protection.unprotect();
  await context.sync();
}

// Protect a sheet again with the options xlgoalsUnprotect remembered (if it was protected).
async function xlgoalsReprotect(context, sheetName) {
  const options = xlgoalsProtection[sheetName];
  if (!options) return;
  delete xlgoalsProtection[sheetName];
  context.workbook.worksheets.getItem(sheetName).protection.protect(options);
  await context.sync();
}

// runMacro finds them by name (xlwings-server's custom-scripts/index.js, loaded before this)
[xlgoalsRecordFill, xlgoalsClearFill, xlgoalsUnprotect, xlgoalsReprotect].forEach(
  xlwings.registerCallback,
);
