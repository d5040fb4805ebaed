// A small stand-in for the Office host, for the task pane's browser test: Office.onReady,
// Office.context (requirements, dialogs), Office.actions.associate and Excel.run over a plain
// workbook model, with just the part of the Excel API that xlwings-server's client and
// xlgoals.js use. Installed before any page script; office.js still loads from our server and
// keeps everything the stand-in does not replace. The workbook comes from
// globalThis.xlgoalsTestBook = {sheets: [{name, values, fills, protection}], names: []}.
(function () {
  const EXCEL_API = 17; // ExcelApi 1.1 .. 1.17: no notes (1.18), as in many hosts today
  const registry = {};
  const dialogs = [];
  let realOffice;

  function column(letters) {
    let n = 0;
    for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
    return n - 1;
  }
  function letters(col) {
    let s = "";
    for (col += 1; col > 0; col = Math.floor((col - 1) / 26)) {
      s = String.fromCharCode(65 + ((col - 1) % 26)) + s;
    }
    return s;
  }
  function cellName(row, col) {
    return letters(col) + (row + 1);
  }
  function parse(address) {
    const bare = address.split("!").pop().replace(/\$/g, "");
    const [first, last] = bare.split(":");
    const one = (a) => {
      const m = /^([A-Z]+)(\d+)$/.exec(a);
      return [Number(m[2]) - 1, column(m[1])];
    };
    const [r0, c0] = one(first);
    const [r1, c1] = last ? one(last) : [r0, c0];
    return [r0, c0, r1 - r0 + 1, c1 - c0 + 1];
  }
  function quoted(name) {
    return "'" + name.replace(/'/g, "''") + "'";
  }
  function book() {
    return globalThis.xlgoalsTestBook;
  }

  function makeRange(sheet, row, col, rows, cols) {
    const model = sheet.model;
    const fillOf = () => model.fills[cellName(row, col)];
    const range = {
      isNullObject: false,
      rowCount: rows,
      columnCount: cols,
      worksheet: sheet,
      load() {
        return range;
      },
      get address() {
        const end = rows * cols > 1 ? ":" + cellName(row + rows - 1, col + cols - 1) : "";
        return quoted(model.name) + "!" + cellName(row, col) + end;
      },
      get values() {
        const out = [];
        for (let r = 0; r < rows; r++) {
          const line = [];
          for (let c = 0; c < cols; c++) {
            const v = (model.values[row + r] || [])[col + c];
            line.push(v === undefined || v === null ? "" : v);
          }
          out.push(line);
        }
        return out;
      },
      set values(matrix) {
        matrix.forEach((line, r) =>
          line.forEach((v, c) => {
            while (model.values.length <= row + r) model.values.push([]);
            model.values[row + r][col + c] = v;
          }),
        );
      },
      get numberFormat() {
        return range.values.map((line) => line.map(() => "General"));
      },
      set hyperlink(link) {
        model.links[cellName(row, col)] = link.address;
      },
      format: {
        fill: {
          load() {
            return range.format.fill;
          },
          get color() {
            return fillOf() ? "#" + fillOf() : "#FFFFFF";
          },
          set color(value) {
            sheet.editable();
            for (let r = 0; r < rows; r++) {
              for (let c = 0; c < cols; c++) {
                model.fills[cellName(row + r, col + c)] = value.replace("#", "").toUpperCase();
              }
            }
          },
          get pattern() {
            return fillOf() ? "Solid" : "None";
          },
          clear() {
            sheet.editable();
            for (let r = 0; r < rows; r++) {
              for (let c = 0; c < cols; c++) delete model.fills[cellName(row + r, col + c)];
            }
          },
        },
      },
    };
    return range;
  }

  function nullObject() {
    return { isNullObject: true, load() { return this; } };
  }

  function makeSheet(model) {
    const sheet = {
      model: model,
      visibility: "Visible",
      showGridlines: true,
      get name() {
        return model.name;
      },
      get position() {
        return book().sheets.indexOf(model);
      },
      set position(value) {
        const sheets = book().sheets;
        sheets.splice(sheets.indexOf(model), 1);
        sheets.splice(value, 0, model);
      },
      load() {
        return sheet;
      },
      editable() {
        if (model.protection.protected) throw new Error(model.name + " is protected");
      },
      names: { items: [], load() { return this; } },
      tables: { items: [], load() { return this; } },
      shapes: { items: [], load() { return this; } },
      charts: { items: [], load() { return this; } },
      pivotTables: { items: [], load() { return this; } },
      pageLayout: { getPrintAreaOrNullObject: nullObject },
      getRange(address) {
        return makeRange(sheet, ...parse(address || "A1"));
      },
      getRangeByIndexes(row, col, rows, cols) {
        return makeRange(sheet, row, col, rows, cols);
      },
      getUsedRangeOrNullObject() {
        let rows = 0;
        let cols = 0;
        model.values.forEach((line, r) =>
          line.forEach((v, c) => {
            if (v !== "" && v !== null && v !== undefined) {
              rows = Math.max(rows, r + 1);
              cols = Math.max(cols, c + 1);
            }
          }),
        );
        return rows ? makeRange(sheet, 0, 0, rows, cols) : nullObject();
      },
      protection: {
        get protected() {
          return model.protection.protected;
        },
        get options() {
          return model.protection.options;
        },
        load() {
          return sheet.protection;
        },
        unprotect() {
          model.protection = { protected: false, options: model.protection.options };
        },
        protect(options) {
          model.protection = { protected: true, options: options };
        },
      },
      activate() {
        book().active = model.name;
      },
      delete() {
        const sheets = book().sheets;
        sheets.splice(sheets.indexOf(model), 1);
      },
    };
    return sheet;
  }

  function sheets() {
    return book().sheets.map(makeSheet);
  }

  function namedItem(entry) {
    return {
      name: entry.name,
      type: "Range",
      formula: entry.formula,
      getRangeOrNullObject() {
        const [, sheetPart, cell] = /^=(.*)!(.*)$/.exec(entry.formula);
        const name = sheetPart.replace(/^'(.*)'$/, "$1").replace(/''/g, "'");
        const model = book().sheets.find((s) => s.name === name);
        return model ? makeSheet(model).getRange(cell) : nullObject();
      },
      delete() {
        book().names.splice(book().names.indexOf(entry), 1);
      },
    };
  }

  const workbook = {
    get name() {
      return book().name;
    },
    load() {
      return workbook;
    },
    application: { calculationMode: "Automatic", load() { return this; } },
    getSelectedRange() {
      return makeSheet(book().sheets[0]).getRange("A1");
    },
    worksheets: {
      get items() {
        return sheets();
      },
      load() {
        return workbook.worksheets;
      },
      getItem(name) {
        const model = book().sheets.find((s) => s.name === name);
        if (!model) throw new Error("no sheet " + name);
        return makeSheet(model);
      },
      getItemOrNullObject(name) {
        const model = book().sheets.find((s) => s.name === name);
        return model ? makeSheet(model) : nullObject();
      },
      getActiveWorksheet() {
        const model = book().sheets.find((s) => s.name === book().active) || book().sheets[0];
        return makeSheet(model);
      },
      add(name) {
        const model = {
          name: name,
          values: [],
          fills: {},
          links: {},
          protection: { protected: false, options: null },
        };
        book().sheets.push(model);
        return makeSheet(model);
      },
    },
    names: {
      get items() {
        return book().names.map(namedItem);
      },
      load() {
        return workbook.names;
      },
      add(name, reference) {
        book().names.push({ name: name, formula: reference });
      },
      getItem(name) {
        return namedItem(book().names.find((n) => n.name === name));
      },
    },
  };

  const context = { workbook: workbook, sync: async () => undefined };

  const stand_in = {
    onReady(callback) {
      const info = { host: "Excel", platform: "OfficeOnline" };
      if (callback) setTimeout(() => callback(info), 0);
      return Promise.resolve(info);
    },
    context: {
      host: "Excel",
      platform: "OfficeOnline",
      displayLanguage: "zh-CN",
      requirements: {
        isSetSupported(name, version) {
          const minor = Number(String(version || "1.1").split(".")[1] || 0);
          return name === "ExcelApi" ? minor <= EXCEL_API : name === "DialogApi";
        },
      },
      ui: {
        displayDialogAsync(url, options, callback) {
          dialogs.push(decodeURIComponent(url));
          const dialog = { addEventHandler() {}, close() {} };
          if (callback) callback({ status: "succeeded", value: dialog });
        },
      },
    },
    actions: {
      associate(name, handler) {
        registry[name] = handler;
      },
    },
    HostType: { Excel: "Excel" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    EventType: {
      DialogMessageReceived: "dialogMessageReceived",
      DialogEventReceived: "dialogEventReceived",
    },
  };
  // office.js, loaded after this, assigns its own members (Office.actions.associate…): the
  // stand-in's parts keep theirs
  const guard = (part) =>
    new Proxy(part, {
      get: (target, key) =>
        target[key] !== null && typeof target[key] === "object" ? guard(target[key]) : target[key],
      set: () => true,
    });
  for (const key of ["context", "actions"]) stand_in[key] = guard(stand_in[key]);
  const fallback = {};
  const office = new Proxy(fallback, {
    get(target, key) {
      if (key in stand_in) return stand_in[key];
      if (realOffice && key in realOffice) return realOffice[key];
      return target[key];
    },
    set(target, key, value) {
      (realOffice || target)[key] = value;
      return true;
    },
    has(target, key) {
      return key in stand_in || (realOffice && key in realOffice) || key in target;
    },
  });
  Object.defineProperty(window, "Office", {
    configurable: false,
    get: () => office,
    set: (value) => {
      if (value !== office) realOffice = value;
    },
  });
  const excel = {
    run: async (callback) => callback(context),
    ShapeType: { image: "Image" },
  };
  Object.defineProperty(window, "Excel", {
    configurable: false,
    get: () => excel,
    set: () => undefined,
  });
  globalThis.xlgoalsStandIn = { registry: registry, dialogs: dialogs };
})();
