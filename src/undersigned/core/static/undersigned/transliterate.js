// Suggests a Latin transliteration when an organization's name is typed in another
// script and the transliteration field is empty. Only a suggestion: it fills the field
// when the signer presses "Use it", never by itself. Without JavaScript the form shows
// the same suggestion when it comes back (signatures/forms.py).
const form = document.querySelector("form[data-transliteration]");
const name = document.getElementById("id_name");
const field = document.getElementById("id_name_transliteration");
if (form && name && field) {
  const hint = document.createElement("p");
  hint.className = "help suggestion";
  hint.id = "transliteration-suggestion-live";
  hint.hidden = true;
  const text = document.createElement("bdi");
  const use = document.createElement("button");
  use.type = "button";
  use.className = "small";
  use.textContent = form.dataset.useLabel;
  hint.append(form.dataset.suggestLabel, " ", text, " ", use);
  field.after(hint);
  use.addEventListener("click", () => {
    if (!field.value.trim()) field.value = text.textContent;
    hint.hidden = true;
    field.focus();
  });
  const update = async () => {
    if (field.value.trim() || !name.value.trim()) {
      hint.hidden = true;
      return;
    }
    const body = new FormData();
    body.append("name", name.value);
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    try {
      const response = await fetch(form.dataset.transliteration, { method: "POST", body });
      const { suggestion } = await response.json();
      text.textContent = suggestion;
      hint.hidden = !suggestion || Boolean(field.value.trim());
    } catch {
      hint.hidden = true;
    }
  };
  name.addEventListener("change", update);
  field.addEventListener("input", () => { if (field.value.trim()) hint.hidden = true; });
  if (!document.getElementById("transliteration-suggestion")) update();
}
