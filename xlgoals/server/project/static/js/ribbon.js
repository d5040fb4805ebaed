// The 绩效目标 tab: each ribbon button (manifest FunctionName) runs the xlwings-server script
// of the same name. Replaces xlwings-server's own static/js/ribbon.js.
const xlgoalsActions = JSON.parse(document.getElementById("xlgoals-actions").textContent);
// action -> the function the ribbon calls (kept for the browser test and for debugging)
globalThis.xlgoalsRibbon = {};

async function xlgoalsRun(scriptName) {
  const auth =
    typeof globalThis.getAuth === "function"
      ? await globalThis.getAuth()
      : { token: "", provider: "" };
  await xlwings.runPython({
    scriptName: scriptName,
    auth: auth.token,
    headers: { "Auth-Provider": auth.provider },
  });
}

Office.onReady(function () {
  xlgoalsActions.forEach(function (action) {
    const handler = async function (event) {
      try {
        await xlgoalsRun(action);
      } finally {
        event.completed();
      }
    };
    globalThis.xlgoalsRibbon[action] = handler;
    Office.actions.associate(action, handler);
  });
});
