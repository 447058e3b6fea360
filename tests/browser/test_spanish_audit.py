"""The self-audit on a Spanish site (issue 18 items 1-2), taken by keyboard on a 375 px phone:
every word the page and its scripts show is Spanish (no message of the site catalogue in
English), a decimal comma typed in a number question scores as `ladderkit score` scores the
dot, and axe-core finds nothing to fault. The phone's browser is English: the site's setting
decides the language, not the reader's browser."""

from __future__ import annotations

import json

import pytest

from tests.helpers import FIXTURES, catalogue, cli_json, goto, leaks, serve, small_site, violations, wcag22_violations

SPANISH = FIXTURES / "spanish" / "panaderia.yml"
# Every text a reader meets in the audit: visible text nodes, and what is read out or shown
# for a control (aria-label, title, placeholder, alt).
TEXTS = """(selector) => {
  const out = [];
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (n.textContent.trim() && el.closest('[hidden]') === null && el.closest('script, style') === null) out.push(n.textContent.trim());
  }
  for (const el of root.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
    for (const a of ['aria-label', 'title', 'placeholder', 'alt']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  return out;
}"""


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    site = small_site(tmp_path_factory.mktemp("es-audit"), SPANISH, "es")
    server = serve(site)
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture
def audit_url(base):
    return base + "/ladders/panaderia/audit/"


def focus_text(page) -> str:
    return page.evaluate("() => document.activeElement.textContent.trim().replace(/\\s+/g, ' ')")


def tab_to(page, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never took focus")


def english_in(page, root: str = ".lk-audit") -> list[str]:
    return leaks(page.evaluate(TEXTS, root), catalogue())


def test_the_audit_in_spanish_by_keyboard_to_its_result(phone, audit_url):
    page = phone
    goto(page, audit_url)
    start = " ".join(page.locator(".lk-start").inner_text().split())
    assert "Antes de empezar" in start and "Plantea 5 preguntas en 3 pasos" in start and "unos 2 minutos" in start
    assert page.locator(".lk-begin").text_content() == "Empezar"
    assert page.locator(".lk-menu-button").text_content() == "Guardar o compartir"
    assert english_in(page) == []

    page.locator("h1 .headerlink").focus()
    tab_to(page, ".lk-begin")
    page.keyboard.press("Enter")
    assert focus_text(page).startswith("Paso 1 de 3: El mostrador")
    tab_to(page, 'input[name="saludo"]')
    page.keyboard.press("Space")  # Nunca, then down to Siempre
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    tab_to(page, 'input[name="degustacion"]')
    page.keyboard.press("Space")  # Sí
    assert page.locator(".lk-progress-text").text_content() == "2 de 5 respondidas"
    assert page.locator(".lk-next").text_content() == "Siguiente"
    tab_to(page, ".lk-next")
    page.keyboard.press("Enter")
    assert focus_text(page).startswith("Paso 2 de 3: La rutina de la mañana")

    # The decimal comma, as a Spanish keyboard types it; the threshold is "at most 2.5".
    tab_to(page, 'input[name="espera"]')
    page.keyboard.type("2,5")
    assert page.locator("#lk-q-espera-error").is_hidden()
    tab_to(page, 'input[name="detalles"][value="0"]')
    page.keyboard.press("Space")
    tab_to(page, ".lk-next")
    page.keyboard.press("Enter")
    assert focus_text(page).startswith("Paso 3 de 3: El olvido")
    assert page.locator(".lk-next").text_content() == "Revise sus respuestas"
    tab_to(page, 'input[name="ausencia"]')
    page.keyboard.press("Space")
    tab_to(page, ".lk-next")
    page.keyboard.press("Enter")

    check = " ".join(page.locator(".lk-check").inner_text().split())
    assert "Revise sus respuestas" in check and "Ha respondido a las 5 preguntas" in check
    assert "2,5 minutos" in check, "the number is shown back with the comma it was typed with"
    assert english_in(page) == []
    tab_to(page, ".lk-see-result")
    page.keyboard.press("Enter")
    assert page.get_attribute("[data-lk-audit]", "data-view") == "result"

    answers = {"saludo": 3, "degustacion": True, "espera": 2.5, "detalles": [0], "ausencia": True}
    stored = json.loads(page.evaluate("() => localStorage.getItem('ladderkit:panaderia')"))["answers"]
    assert stored == answers, "2,5 is kept as the number 2.5"
    doc = {"format": "ladder-answers/1", "ladder": "panaderia", "answers": answers}
    result = cli_json("score", str(SPANISH), "/dev/stdin", input=json.dumps(doc))
    # 2.5 minutes is within the best threshold (3 of 3 points) and one tick of three earns 1: 4 of 6.
    assert result["bridges"]["costumbre"]["score"] == 67
    overall = page.locator(".lk-overall-value").text_content()
    assert overall.startswith(f"{result['overall']} de 100 — "), overall
    scores = {
        li.get_attribute("data-bridge"): li.locator(".lk-score").text_content()
        for li in page.locator(".lk-bars li").all()
    }
    assert {k: int(v.split(" — ")[0]) for k, v in scores.items()} == {
        k: b["score"] for k, b in result["bridges"].items()
    }

    results = " ".join(page.locator(".lk-results").inner_text().split())
    for spanish in ("Sus resultados", "Puente a puente", "Dónde está", "¿Por qué estas cifras?"):
        assert spanish in results, spanish
    page.locator(".lk-why summary").click()
    assert english_in(page) == []
    assert violations(page) == []
    assert wcag22_violations(page) == []


def test_the_group_view_reads_a_room_in_spanish(phone, base, tmp_path):
    """What group.js and aggregate.mjs write: the figures, the files counted and skipped with
    their reasons, the present view, the notice after loading."""
    answers = {"saludo": 2, "degustacion": False, "espera": 4, "detalles": [], "ausencia": True}
    good = tmp_path / "ana.json"
    good.write_text(
        json.dumps({"format": "ladder-answers/1", "ladder": "panaderia", "name": "Ana", "answers": answers})
    )
    twin = tmp_path / "ana-otra-vez.json"
    twin.write_bytes(good.read_bytes())
    broken = tmp_path / "roto.json"
    broken.write_text("{")
    other = tmp_path / "otra.json"
    other.write_text(json.dumps({"format": "ladder-answers/1", "ladder": "otra", "answers": {}}))
    goto(phone, base + "/group/")
    phone.locator(".lk-import").set_input_files([str(good), str(twin), str(broken), str(other)])
    phone.wait_for_function("() => !document.querySelector('.lk-group-results').hidden")
    notice = phone.locator(".lk-notices").text_content()
    assert "4 archivos cargados." in notice and "Contados una sola vez, no de nuevo: ana-otra-vez.json" in notice
    reasons = phone.locator(".lk-reason").all_text_contents()
    assert "no es un JSON válido" in reasons and "respuestas de otra escalera (otra)" in reasons
    assert phone.locator(".lk-participants").text_content().startswith("1 participante contado en")
    assert english_in(phone, ".lk-group") == []
    phone.locator(".lk-present-open").click()
    assert phone.locator(".lk-present-headline").text_content().startswith("1 participante · la mayoría en")
    assert english_in(phone, ".lk-present") == []
