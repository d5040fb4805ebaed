// Which credentials the task pane and the ribbon send. Replaces xlwings-server's auth.js:
// Entra ID when the administrator configured it (XLWINGS_AUTH_PROVIDERS), else the shared
// token of xlgoals (XLGOALS_TOKEN), which the clerk types once into the task pane.
const XLGOALS_TOKEN_KEY = "xlgoals-token";

globalThis.getAuth = async function () {
  if (globalThis.config && config.authProviders.includes("entraid")) {
    return { token: await xlwings.getAccessToken(), provider: "entraid" };
  }
  return {
    token: localStorage.getItem(XLGOALS_TOKEN_KEY) || "",
    provider: "xlgoals_token",
  };
};

document.addEventListener("DOMContentLoaded", function () {
  const form = document.getElementById("xlgoals-token-form");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const field = document.getElementById("xlgoals-token");
    localStorage.setItem(XLGOALS_TOKEN_KEY, field.value.trim());
    field.value = "";
  });
});
