"""What a relation claims: readings of the notation and the result or method fact it is
matched to, worked out from the document alone."""

import pytest

from momentum_sym.audit.documents import read_bytes
from momentum_sym.audit.review import prepare


def _plans(markdown: str):
    document = read_bytes(markdown.encode("utf-8"), "doc.md")
    return {w.relation.latex(): w.plan for w in prepare(document)}


def _what(plan) -> str:
    if plan.verdict is not None:
        return plan.verdict
    if plan.candidates:
        return plan.candidates[0].target
    return plan.facts[0].kind


CASES = [
    # (document, relation as read, what it is matched to or decided as)
    ("The optimum is $w^\\star = A^{-1}b$.", "w^\\star = A^{-1}b", "quadratic-optimum.w_star"),
    ("Its gradient $\\nabla f(w) = Aw - b$.", "\\nabla f(w) = Aw - b",
     "quadratic-optimum.gradient"),
    ("At the iterate, $\\nabla f(w^k) = Aw^k - b$.", "\\nabla f(w^k) = Aw^k - b",
     "quadratic-optimum.gradient"),
    ("Gradient descent: $w^{k+1} = w^k - \\alpha\\nabla f(w^k)$.",
     "w^{k+1} = w^k - \\alpha\\nabla f(w^k)", "definition"),
    ("On the quadratic, $w^{k+1} = w^k - \\alpha(Aw^k - b)$.",
     "w^{k+1} = w^k - \\alpha(Aw^k - b)", "update"),
    ("Change basis: $x^k = Q^T(w^k - w^\\star)$.", "x^k = Q^T(w^k - w^\\star)",
     "basis-position"),
    ("The velocity: $y^k = Q z^k$.", "y^k = Q z^k", "basis-velocity"),
    ("Each coordinate: $x_i^{k+1} = (1 - \\alpha\\lambda_i) x_i^k$.",
     "x_i^{k+1} = (1 - \\alpha\\lambda_i) x_i^k", "gd-eigen-decoupling.x_next"),
    ("After $k$ steps $x_i^k = (1 - \\alpha\\lambda_i)^k x_i^0$.",
     "x_i^k = (1 - \\alpha\\lambda_i)^k x_i^0", "gd-closed-form.x_k"),
    ("We get $y_i^{k+1} = \\beta y_i^k + \\lambda_i x_i^k$.",
     "y_i^{k+1} = \\beta y_i^k + \\lambda_i x_i^k", "momentum-eigen-decoupling.y_next"),
    ("The best step is $\\alpha = \\frac{2}{\\lambda_1 + \\lambda_n}$.",
     "\\alpha = \\frac{2}{\\lambda_1 + \\lambda_n}", "gd-optimal-step-size.alpha"),
    ("At critical damping $\\beta = (1 - \\sqrt{\\alpha\\lambda})^2$.",
     "\\beta = (1 - \\sqrt{\\alpha\\lambda})^2", "critical-damping.beta"),
    ("The effective number of gradients is $\\frac{1}{1-\\beta}$.", "\\frac{1}{1-\\beta}",
     "effective-gradient-count.count"),
    ("It converges for $0 < \\alpha\\lambda < 2 + 2\\beta$.",
     "0 < \\alpha\\lambda < 2 + 2\\beta", "momentum-convergence-region.upper"),
    ("Whenever $|1 - \\alpha\\lambda| < 1$ it converges.", "|1 - \\alpha\\lambda| < 1",
     "gd-step-size-range.upper"),
    ("The eigenvalues $\\sigma_{1,2} = \\frac{1+\\beta-\\alpha\\lambda \\pm "
     "\\sqrt{(1+\\beta-\\alpha\\lambda)^2 - 4\\beta}}{2}$.",
     "\\sigma_{1} = \\frac{1+\\beta-\\alpha\\lambda + \\sqrt{(1+\\beta-\\alpha\\lambda)^2 - "
     "4\\beta}}{2}", "momentum-eigenvalues.sigma_1"),
    ("Unrolled: $w^{k+1} = w^0 - \\alpha\\sum_i^k \\nabla f(w^i)$.",
     "w^{k+1} = w^0 - \\alpha\\sum_i^k \\nabla f(w^i)", "unrolled-gd.gamma"),
    ("The loss is $f(w^k) - f(w^\\star) = \\frac12\\sum_i (1-\\alpha\\lambda_i)^{2k}"
     "\\lambda_i (x_i^0)^2$.", "f(w^k) - f(w^\\star) = \\frac12\\sum_i (1-\\alpha\\lambda_i)^"
     "{2k}\\lambda_i (x_i^0)^2", "gd-loss-decomposition.term"),
    # not claims, definitions
    ("With $\\beta = 0.9$ it is fast.", "\\beta = 0.9", "not-a-claim"),
    ("Say $\\lambda_i = 2^{-i}$.", "\\lambda_i = 2^{-i}", "not-a-claim"),
    ("The quadratic $f(w) = \\tfrac12 w^TAw - b^Tw$.", "f(w) = \\tfrac12 w^TAw - b^Tw",
     "definition"),
    ("Decompose $A = Q\\Lambda Q^T$.", "A = Q\\Lambda Q^T", "definition"),
    ("A compounding rate of $1 - \\alpha\\lambda_i$.", "1 - \\alpha\\lambda_i", "not-a-claim"),
    # a choice: compared with the derived values it may equal, never an erratum
    ("A safe choice is $\\alpha = 1/L$ for $L$-smooth $f$.", "\\alpha = 1/L",
     "gd-optimal-step-size.alpha"),
    ("Let $Z = \\begin{pmatrix} 1 & \\xi \\end{pmatrix}$.",
     "Z = \\begin{pmatrix} 1 & \\xi \\end{pmatrix}", "definition"),
]


@pytest.mark.parametrize(("text", "relation", "what"), CASES, ids=range(len(CASES)))
def test_what_a_relation_claims(text, relation, what):
    plans = _plans(text)
    assert relation in plans, sorted(plans)
    assert _what(plans[relation]) == what


READINGS = [
    # (document, relation, a key the reading maps, to what)
    ("We train with learning rate $\\eta$. Then $x_{t+1} = (1 - \\eta\\lambda) x_t$.",
     "x_{t+1} = (1 - \\eta\\lambda) x_t", "\\eta", "\\alpha"),
    ("We train with learning rate $\\eta$. Then $x_{t+1} = (1 - \\eta\\lambda) x_t$.",
     "x_{t+1} = (1 - \\eta\\lambda) x_t", "x_{t}", "x_{i}^{k}"),
    ("For $\\mu$-strongly convex, $L$-smooth $f$ the optimal step is "
     "$\\alpha = \\frac{2}{\\mu + L}$.",
     "\\alpha = \\frac{2}{\\mu + L}", "L", "\\lambda_{n}"),
    ("The best step $\\alpha = \\frac{2}{\\lambda_{\\min} + \\lambda_{\\max}}$.",
     "\\alpha = \\frac{2}{\\lambda_{\\min} + \\lambda_{\\max}}", "\\lambda_{min}",
     "\\lambda_{1}"),
]


@pytest.mark.parametrize(("text", "relation", "printed", "canonical"), READINGS,
                         ids=range(len(READINGS)))
def test_notation_readings(text, relation, printed, canonical):
    plan = _plans(text)[relation]
    assert dict(plan.candidates[0].notation)[printed] == canonical
    assert plan.reading  # the reading is stated


def test_eta_near_tikhonov_is_the_tikhonov_weight():
    text = ("We use step size $\\alpha$.\n\nTikhonov regularisation with weight $\\eta$ keeps "
            "the fraction $\\frac{\\lambda_i}{\\lambda_i + \\eta}$ of each component.")
    plan = _plans(text)["\\frac{\\lambda_i}{\\lambda_i + \\eta}"]
    assert plan.candidates[0].target == "early-stopping-vs-tikhonov.tikhonov_filter"
    assert "\\eta" not in dict(plan.candidates[0].notation)


def test_d2l_quadratic_is_read_with_its_own_signs():
    text = ("Take $h(\\mathbf{x}) = \\frac{1}{2} \\mathbf{x}^\\top \\mathbf{Q} \\mathbf{x} + "
            "\\mathbf{x}^\\top \\mathbf{c} + b$ and $\\mathbf{z} = \\mathbf{O}(\\mathbf{x} - "
            "\\mathbf{Q}^{-1}\\mathbf{c})$.")
    plans = _plans(text)
    (plan,) = [p for r, p in plans.items() if r.startswith("\\mathbf{z}")]
    (candidate,) = plan.candidates
    assert candidate.target == "quadratic-optimum.w_star"
    assert dict(candidate.notation)["Q"] == "A" and dict(candidate.where)["c"] == "-b"


def test_r_power_takes_the_formulas_own_definitions():
    text = ("$$R^k = \\begin{cases} \\sigma_1^k R_1 - \\sigma_2^k R_2 & \\sigma_1 \\neq "
            "\\sigma_2 \\\\ \\sigma_1^k(kR/\\sigma_1 - (k-1)I) & \\sigma_1 = \\sigma_2"
            "\\end{cases}, \\qquad R_j = \\frac{R - \\sigma_j I}{\\sigma_1 - \\sigma_2}$$")
    plans = list(_plans(text).values())
    assert [_what(p) for p in plans] == ["matrix-power-2x2.distinct",
                                         "matrix-power-2x2.repeated", "definition"]
    assert dict(plans[0].candidates[0].where)["R_{1}"] == \
        "\\frac{R - \\sigma_{1} I}{\\sigma_1 - \\sigma_2}"


SAFE = [
    # formulas that are true, or choices rather than claims, and must not be flagged
    "Gradient descent with step size $\\alpha = 1/L$ converges for $L$-smooth $f$.",
    "For $\\alpha \\le 1/L$ gradient descent converges on $L$-smooth, $\\mu$-convex $f$.",
    "A good default is $\\beta = 0.9$, and $\\beta = 1 - \\sqrt{\\mu / L}$ is another.",
    "The rate with $\\alpha = 1/L$ is $1 - \\mu/L$.",
    "Nesterov: $y_k = x_k + \\beta(x_k - x_{k-1})$, $x_{k+1} = y_k - \\alpha\\nabla f(y_k)$.",
    "EMA momentum: $m_t = \\beta m_{t-1} + (1 - \\beta) \\nabla f(\\theta_{t-1})$ and "
    "$\\theta_t = \\theta_{t-1} - \\alpha m_t$.",
]


@pytest.mark.parametrize("text", SAFE, ids=range(len(SAFE)))
def test_choices_and_other_methods_are_never_strong_claims(text):
    for relation, plan in _plans(text).items():
        assert not plan.strong or (not plan.candidates and not plan.facts), relation


def test_words_after_a_formula_name_it_unless_they_deny_it():
    named = _plans("Choosing $\\beta = (1 - \\sqrt{\\alpha\\lambda})^2$ damps it critically.")
    assert _what(named["\\beta = (1 - \\sqrt{\\alpha\\lambda})^2"]) == "critical-damping.beta"
    denied = _plans("Here $\\alpha = 1/L$, which is not the optimal step.")["\\alpha = 1/L"]
    assert not denied.strong  # never an erratum (L is unread without mu beside it)


def test_a_gradient_written_with_partial():
    plan = _plans("The gradient $\\partial_{\\mathbf{x}} f(\\mathbf{x}) = A\\mathbf{x} - b$.")
    assert _what(plan["\\partial_{\\mathbf{x}} f(\\mathbf{x}) = A\\mathbf{x} - b"]) == \
        "quadratic-optimum.gradient"
