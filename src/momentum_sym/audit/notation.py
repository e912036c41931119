"""How a document writes the mathematics, worked out from the document itself.

A :class:`Setting` records, for one document, the readings every formula shares:

* the iteration index (``k`` as in ``w^{k+1}``, or ``t`` as in ``x_{t+1}``);
* whether ``\\eta`` is the step size (an update rule uses it, or the text calls it the
  learning rate or step size) -- near the words Tikhonov or regularisation it is the
  Tikhonov weight instead, formula by formula;
* ``\\mu``, ``L`` as the extreme eigenvalues ``\\lambda_1``, ``\\lambda_n`` (when both are
  used), and ``\\lambda_{\\min}``, ``\\lambda_{\\max}`` likewise;
* the quadratic (``f(w) = \\frac12 w^T A w - b^T w``, or d2l's
  ``h(x) = \\frac12 x^T Q x + x^T c + b``: then ``Q`` is the engine's ``A`` and ``c`` is
  ``-b``), and the eigendecomposition that says which matrix turns iterates into
  eigen-coordinates (``A = Q \\Lambda Q^T``: coordinates ``Q^T(w - w^\\star)``);
* the letters of the iterates (``w``, ``x``), of the momentum buffer (``z``, ``v``) and
  of the eigen-coordinates (``x``, ``y``).

Each reading is stated in a sentence, which the audit prints with the verdicts.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from momentum_sym.audit.keys import Key, keys_of
from momentum_sym.audit.relations import Relation
from momentum_sym.render.names import unicode_name

STEP_WORDS = re.compile(r"(learning[ -]rate|step[ -]?size|stepsize|step length|\bstep)\W*$",
                        re.I)
DAMPENING_WORDS = re.compile(r"dampen", re.I)
#: a dampening said to be 0 (PyTorch's default): "without dampening", "tau = 0"
ZERO_DAMPENING = re.compile(r"\b(?:without|no|zero|default)\s+dampening|"
                            r"dampening\s+(?:of\s+|is\s+)?(?:0|zero)\b|\\tau\s*=\s*0(?![.\d])",
                            re.I)
TIKHONOV_WORDS = re.compile(r"tikhonov|regulari[sz]|ridge|penalt|weight decay", re.I)
SMOOTH_WORDS = re.compile(r"strongly convex|-smooth|smoothness|lipschitz", re.I)
#: Greek letters that are parameters or eigenvalues, never iterates.
PARAMETERS = frozenset({"alpha", "beta", "eta", "lambda", "Lambda", "sigma", "kappa", "mu",
                        "gamma", "rho", "nabla", "k", "t", "i", "j", "n"})
_WRAPPER = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|mathit|pmb)\s*\{([^{}]*)\}")
_TRANSPOSE = r"\^\{?(?:T|\\top|\\intercal|\\mathsf\{T\}|\\mathrm\{T\})\}?"
_HALF = r"(?:\\[td]?frac\{1\}\{2\}|\\[td]?frac12|\\[td]?frac\s*1\s*2|1/2|\\tfrac\{1\}2)"


_COMMAND_THEN_LETTER = re.compile(r"(\\[A-Za-z]+)\s+(?=[A-Za-z])")


def flat(latex: str) -> str:
    """LaTeX without font wrappers, spacing and ``\\left``/``\\right``, for patterns (a
    space that ends a command before a letter is kept: ``\\beta v``)."""
    text = _WRAPPER.sub(r"\1", latex)
    text = re.sub(r"\\(top|intercal)(?![A-Za-z])", "T", text)
    text = _COMMAND_THEN_LETTER.sub(lambda m: m.group(1) + "\x00", text)
    text = re.sub(r"\\(left|right|,|;|!|quad|qquad)(?![A-Za-z])|\s+", "", text)
    return text.replace("\x00", " ").replace("^{T}", "^T")


@dataclass(frozen=True)
class Setting:
    """The readings shared by the formulas of one document."""

    iteration: str = "k"
    eta_step: bool = False
    mu_L: bool = False
    hessian: str = "A"
    linear: tuple[str, int] = ("b", -1)  # the printed vector and its sign in f
    basis: tuple[str, bool] = ("Q", True)  # eigenvector matrix; coordinates use its transpose
    iterates: tuple[str, ...] = ("w",)
    buffers: tuple[str, ...] = ("z",)
    coordinates: tuple[str, ...] = ("x", "y")
    #: The document's buffer is this multiple of the engine's z (LaTeX, in the document's
    #: notation): "1" for z^{k+1} = beta z^k + grad f(w^k), "-\\alpha" for
    #: v = beta v - alpha grad f; None when the buffer is not a heavy-ball one.
    buffer_scale: str | None = "1"
    #: 1 when the text's buffer at step k is the heavy ball's z^{k+1} (v_k = beta v_{k-1}
    #: + grad f(x_k), x_{k+1} = x_k - alpha v_k: v_k is made from the gradient at x_k)
    buffer_shift: int = 0
    readings: tuple[str, ...] = ()
    symbols: frozenset[str] = field(default_factory=frozenset)
    #: the text writes the momentum as gamma (Ruder's overview, many blog posts)
    gamma_momentum: bool = False
    #: the text speaks of a dampening (PyTorch's tau) somewhere
    dampening: bool = False

    def step_symbol(self) -> str:
        return "eta" if self.eta_step else "alpha"


def _iteration_letter(relations: Iterable[Relation]) -> str:
    counts: Counter[str] = Counter()
    for r in relations:
        for member in (r.subject, r.value):
            for key in keys_of(member):
                for script in (key.sub, key.sup):
                    m = re.fullmatch(r"\(?([kt])([+-]1)?\)?", script or "")
                    if m:
                        counts[m.group(1)] += 2 if m.group(2) else 1
    return counts.most_common(1)[0][0] if counts else "k"


def _quadratic(relations: Iterable[Relation]) -> tuple[str, str, tuple[str, int] | None] | None:
    """(vector, Hessian, (linear vector, sign)) of the document's quadratic, if stated."""
    for r in relations:
        if r.relation not in ("=", ":=") or not re.match(r"^[A-Za-z]\(", flat(r.subject)):
            continue
        value = flat(r.value)
        m = re.search(_HALF + r"([a-z])" + _TRANSPOSE + r"([A-Z])\1", value)
        if not m:
            continue
        var, hessian = m.group(1), m.group(2)
        linear = None
        lm = (re.search(r"([+-])([a-z])" + _TRANSPOSE + var + r"(?![A-Za-z_^])", value)
              or re.search(r"([+-])" + var + _TRANSPOSE + r"([a-z])", value))
        if lm:
            linear = (lm.group(2), -1 if lm.group(1) == "-" else 1)
        return var, hessian, linear
    return None


def _basis(relations: Iterable[Relation], hessian: str) -> tuple[str, bool] | None:
    """The eigenvector matrix of ``hessian = P \\Lambda P^T`` (coordinates P^T(w - w*)) or
    ``P^T \\Lambda P`` (coordinates P(w - w*))."""
    for r in relations:
        if r.relation != "=" or flat(r.subject) != hessian:
            continue
        value = flat(r.value)
        if not re.search(r"diag|\\Lambda|\\mathrm\{diag\}", value):
            continue
        m = re.match(r"([A-Z])(" + _TRANSPOSE + r")?", value)
        if m and m.group(1) != hessian:
            return m.group(1), m.group(2) is None
    return None


#: The gradient of the objective, with a subscript naming the variable or not
#: (``\nabla f(``, ``\nabla_w f(``, ``\nabla_\theta J(``).
_GRADIENT = re.compile(r"\\nabla(?:_\{?\\?[A-Za-z]+\}?)?\s*[fhgFLJ]\s*(?:\\left)?\(")


def gradient_arguments(latex: str) -> list[str]:
    """The arguments of every ``\\nabla f(...)`` in ``latex`` (brackets balanced)."""
    from momentum_sym.audit import scan

    out = []
    for m in _GRADIENT.finditer(latex):
        end = scan._matching(latex, m.end() - 1, "(", ")")
        out.append(latex[m.end():end - 1].removesuffix("\\right"))
    return out


MOMENTUM_PARAMETER_WORDS = re.compile(r"(momentum|friction|fraction|decay|damping)"
                                      r"( (term|parameter|coefficient|factor|rate))?\W*$",
                                      re.I)
_GAMMA_TIMES_SEQUENCE = re.compile(r"\\gamma\s*(\\mathbf\{)?\\?[A-Za-z]+\}?\s*[_^]")


def _gamma_is_momentum(relations: Sequence[Relation], bases: set[str], iteration: str,
                       formulas: Sequence[tuple[str, str]]) -> bool:
    """Whether gamma is the momentum: the text has no beta, and either names gamma the
    momentum ("the momentum term gamma", "a fraction gamma of the update") or writes an
    update that multiplies an earlier vector by gamma next to a gradient."""
    if "gamma" not in bases or "beta" in bases:
        return False
    if any(latex.strip() == "\\gamma" and STEP_WORDS.search(before)
           for latex, before in formulas):
        return False
    named = any(latex.strip() == "\\gamma" and MOMENTUM_PARAMETER_WORDS.search(before)
                for latex, before in formulas)
    in_update = any(
        len(keys_of(r.subject)) == 1 and keys_of(r.subject)[0].iteration(iteration)
        and _GAMMA_TIMES_SEQUENCE.search(r.value) and ("\\nabla" in r.value or "g_" in r.value)
        for r in relations)
    return named or in_update


def _gamma_as_beta(r: Relation) -> Relation:
    """The relation with the momentum written as the engine writes it, for reading the
    document's update rules."""
    return dataclasses.replace(r, subject=_beta(r.subject), value=_beta(r.value),
                               members=tuple(_beta(m) for m in r.members))


def _beta(text: str) -> str:
    return re.sub(r"\\gamma(?![A-Za-z])", r"\\beta", text)


def _update_letters(relations: Sequence[Relation], iteration: str
                    ) -> tuple[list[str], list[str]]:
    """Letters of iterates (inside a gradient) and of buffers (updated with beta)."""
    iterates: list[str] = []
    buffers: list[str] = []
    for r in relations:
        for arg in gradient_arguments(r.value):
            if len(keys_of(arg)) != 1:
                continue  # a gradient at a combination (Nesterov's look-ahead point)
            for key in keys_of(arg):
                if key.base not in iterates and key.base not in PARAMETERS and (
                        len(key.base) == 1 or key.base in ("theta", "xi", "omega")):
                    iterates.append(key.base)
    for r in relations:
        subject = keys_of(r.subject)
        if len(subject) != 1 or subject[0].iteration(iteration) is None:
            continue
        letter = subject[0].base
        value = flat(r.value)
        if ("\\beta" in value and ("\\nabla" in value or "g_" in value)
                and letter not in iterates and letter not in buffers):
            buffers.append(letter)
    return iterates, buffers


def _buffer_scale(relations: Sequence[Relation], buffers: Sequence[str], iterates: Sequence[str],
                  iteration: str) -> tuple[str | None, int, str]:
    """How the document's buffer relates to the engine's z, from its update
    ``V^{k+1} = \\beta V^k + c \\nabla f(W^k)``: (c, the shift of its index, the sentences
    saying so).  The shift is 1 for ``V^k = \\beta V^{k-1} + c \\nabla f(W^k)``, whose
    ``V^k`` is the heavy ball's ``z^{k+1}``.  Another form (the gradient at another
    point, other terms) is not the heavy ball: (None, 0, ...)."""
    from momentum_sym.audit import scan

    for r in relations:
        subject = keys_of(r.subject)
        if len(subject) != 1 or subject[0].base not in buffers or "\\nabla" not in r.value:
            continue
        terms = scan.terms(r.value)
        own = [t for t in terms if any(k.base == subject[0].base for k in keys_of(t[1]))]
        gradient = [t for t in terms if "\\nabla" in t[1]]
        if len(own) != 1 or len(gradient) != 1 or len(terms) != 2:
            return None, 0, f"the buffer {subject[0].base} is not updated as in the heavy ball"
        sign, term = gradient[0]
        m = _GRADIENT.search(term)
        end = scan._matching(term, m.end() - 1, "(", ")") if m else None
        if m is None or end is None:
            return None, 0, ("the gradient in the buffer's update is not read (not the heavy "
                             "ball)")
        argument = keys_of(term[m.end():end - 1])
        if len(argument) != 1 or argument[0].base not in iterates:
            return None, 0, "the gradient is taken away from the iterate (not the heavy ball)"
        shift = _index_shift(subject[0], argument[0], iteration)
        if shift is None:
            return None, 0, ("the buffer's gradient is taken at another step than the heavy "
                             "ball's (zᵏ⁺¹ = β zᵏ + ∇f(wᵏ))")
        coefficient = (term[:m.start()] + term[end:]).strip()
        coefficient = re.sub(r"^\\cdot|\\cdot$", "", coefficient).strip()
        wrapped = coefficient.startswith("(") and scan._matching(
            coefficient, 0, "(", ")") == len(coefficient)
        if coefficient and not wrapped:
            coefficient = f"({coefficient})"
        scale = ("-" if sign < 0 else "") + (coefficient or "1")
        if not _position_agrees(relations, subject[0].base, iterates, scale):
            return None, 0, (f"the buffer {unicode_name(subject[0].base)} and the step are "
                             "parameterised otherwise than in the heavy ball's zᵏ⁺¹ = β zᵏ + "
                             "∇f(wᵏ), wᵏ⁺¹ = wᵏ − α zᵏ⁺¹")
        name = unicode_name(subject[0].base)
        said = [] if scale == "1" else [
            f"the buffer {name} is {scale_unicode(scale)} times the heavy ball's z "
            "(zᵏ⁺¹ = β zᵏ + ∇f(wᵏ))"]
        if shift:
            said.append(f"the buffer {name} is indexed one step behind z: {name} at step k is "
                        f"made from the gradient at step k, as zᵏ⁺¹ is, and is read as zᵏ⁺¹")
        return scale, shift, "; ".join(said)
    return "1", 0, ""


def _index_shift(buffer: Key, argument: Key, iteration: str) -> int | None:
    """0 when the buffer's update is indexed as the heavy ball's (V^{k+1} from the
    gradient at W^k, or no index at the gradient), 1 when V^k is made from the gradient
    at W^k; None for anything else."""
    made, at = buffer.iteration(iteration), argument.iteration(iteration)
    if made is None or at is None:
        return 0
    shift = at[0] + 1 - made[0]
    return shift if shift in (0, 1) else None


def scale_unicode(scale: str) -> str:
    """A buffer's scale (LaTeX, its coefficient in brackets: ``-(\\alpha)``) as one line
    of Unicode: ``−α``; brackets stay around a sum (``−(α + η)``)."""
    from momentum_sym.audit import scan

    sign, body = ("−", scale[1:]) if scale.startswith("-") else ("", scale)
    if body.startswith("(") and scan._matching(body, 0, "(", ")") == len(body) \
            and not re.search(r"[-+]", body[1:-1]):
        body = body[1:-1].strip()
    return sign + unicode_name(body)


_STEP = re.compile(r"^\(?\\(alpha|eta)\)?$")


def _position_agrees(relations: Sequence[Relation], buffer: str, iterates: Sequence[str],
                     scale: str) -> bool:
    """Whether the iterate's update with the buffer, ``W^{k+1} = W^k + d V^{k+1}``, is the
    heavy ball's for the buffer ``V = scale z``: d = -alpha when scale is 1, d = 1 when
    scale is -alpha, d = -1 when scale is alpha (the three common ways of writing it).
    True when the text has no such update."""
    from momentum_sym.audit import scan

    for r in relations:
        subject = keys_of(r.subject)
        if len(subject) != 1 or subject[0].base not in iterates or "\\nabla" in r.value:
            continue
        terms = scan.terms(r.value)
        with_buffer = [(sign, t) for sign, t in terms
                       if any(k.base == buffer for k in keys_of(t))]
        if len(with_buffer) != 1 or len(terms) != 2:
            continue
        sign, term = with_buffer[0]
        coefficient = re.sub(r"\\cdot", "", term)
        coefficient = re.sub(r"(\\mathbf\{)?" + buffer + r"\}?(\s*[_^]\s*(\{[^{}]*\}|\S))*",
                             "", coefficient).strip()
        if scale == "1":
            return sign < 0 and _STEP.match(coefficient) is not None
        if _STEP.match(scale.lstrip("-")) and scale.startswith("-"):
            return sign > 0 and coefficient in ("", "1")
        if _STEP.match(scale):  # v = alpha z: v^{k+1} = beta v^k + alpha grad, w - v
            return sign < 0 and coefficient in ("", "1")
        return False
    return True


def _coordinates(relations: Sequence[Relation], basis: str, vectors: Sequence[str]
                 ) -> list[str]:
    out: list[str] = []
    for r in relations:
        subject = keys_of(r.subject)
        value = flat(r.value)
        if (len(subject) == 1 and r.relation in ("=", ":=") and re.match(
                r"^(" + basis + r"|[A-Z])(\^\{?(T|-1)\}?)?(\(|[a-z])", value)
                and any(k.base in vectors for k in keys_of(r.value))
                and subject[0].base not in vectors and subject[0].base not in out):
            out.append(subject[0].base)
    return out


def flat_subject(r: Relation) -> str:
    """The subject of a relation without spaces and braces (\\eta for ``{\\eta} =``)."""
    return re.sub(r"[\s{}]", "", r.subject or "")


def setting_of(relations: Sequence[Relation], prose: str,
               formulas: Sequence[tuple[str, str]] = ()) -> Setting:
    """The document's :class:`Setting` from its relations, its prose, and each lone
    formula with the words before it (``formulas``: (latex, words before))."""
    readings: list[str] = []
    iteration = _iteration_letter(relations)
    if iteration != "k":
        readings.append(f"the iteration index {iteration} is read as k "
                        f"({unicode_name(f'x_{{{iteration}+1}}')} as xᵏ⁺¹)")
    symbols = frozenset(k.text for r in relations for m in (r.subject, r.value, *r.members)
                        for k in keys_of(m))
    bases = {s.split("_")[0].split("^")[0] for s in symbols}
    quadratic = _quadratic(relations)
    hessian, linear = "A", ("b", -1)
    vector = None
    if quadratic is not None:
        vector, hessian, found_linear = quadratic
        linear = found_linear or ("b", -1)
        if hessian != "A" or linear != ("b", -1):
            sign = "" if linear[1] < 0 else "−"
            readings.append(
                f"the quadratic has Hessian {unicode_name(hessian)} and linear term "
                f"{'+' if linear[1] > 0 else '−'}{unicode_name(linear[0])}ᵀ "
                f"{unicode_name(vector)}: it is the engine's f(w) = wᵀ A w/2 − bᵀ w with "
                f"A = {unicode_name(hessian)} and b = {sign}{unicode_name(linear[0])}")
    basis = _basis(relations, hessian) or ("Q", True)
    gamma_momentum = _gamma_is_momentum(relations, bases, iteration, formulas)
    if gamma_momentum:
        readings.append("γ is read as the momentum β (the text uses it as the momentum "
                        "term)")
        relations = [_gamma_as_beta(r) for r in relations]
    iterates, buffers = _update_letters(relations, iteration)
    if vector and vector not in iterates:
        iterates.insert(0, vector)
    iterates = iterates or ["w"]
    coordinates = _coordinates(relations, basis[0], [*iterates, *buffers]) or ["x", "y"]
    buffers = buffers or [b for b in ("z", "v") if b not in coordinates][:1]
    buffer_scale, buffer_shift, said = _buffer_scale(relations, buffers, iterates, iteration)
    if said:
        readings.append(said)
    eta_step = False
    if "eta" in bases:
        # an update in any iteration letter (x_t = x_{t-1} - eta v_t beside w^{k+1} = ...)
        in_update = any("\\eta" in r.value and "\\alpha" not in r.value and any(
            k.iteration(letter) for k in keys_of(r.subject)
            for letter in dict.fromkeys((iteration, "k", "t"))) for r in relations)
        named = any(latex.strip() == "\\eta" and STEP_WORDS.search(before)
                    for latex, before in formulas)
        # without a word of regularisation, eta is the learning rate it almost always is,
        # beside alpha too unless the text defines it (eta = alpha/(1 - beta))
        defined = any(flat_subject(r) == "\\eta" for r in relations)
        eta_step = in_update or named or (not TIKHONOV_WORDS.search(prose) and (
            "alpha" not in bases or not defined))
        if eta_step:
            readings.append("η is read as the step size α (the text uses it as the learning "
                            "rate); next to the words Tikhonov or regularisation it is the "
                            "Tikhonov weight")
        else:
            readings.append("η is read as the Tikhonov weight")
    mu_L = ("mu" in bases and "L" in symbols) or bool(
        SMOOTH_WORDS.search(prose) and ("mu" in bases or "L" in symbols))
    if mu_L:
        readings.append("μ and L are read as λ₁ and λₙ, the smallest and largest eigenvalues "
                        "of the Hessian")
    if {"lambda_min", "lambda_max"} & symbols:
        readings.append("λₘᵢₙ and λₘₐₓ are read as λ₁ and λₙ")
    if basis != ("Q", True):
        matrix = unicode_name(basis[0])
        transposed = f"{matrix}ᵀ" if basis[1] else matrix
        readings.append(f"the eigenvectors are the columns of {matrix}: eigen-coordinates "
                        f"are {transposed} (w − w⋆)")
    return Setting(iteration=iteration, eta_step=eta_step, mu_L=mu_L, hessian=hessian,
                   linear=linear, basis=basis, iterates=tuple(iterates),
                   buffers=tuple(buffers), coordinates=tuple(coordinates),
                   buffer_scale=buffer_scale, buffer_shift=buffer_shift,
                   readings=tuple(readings), symbols=symbols,
                   gamma_momentum=gamma_momentum,
                   dampening=bool(DAMPENING_WORDS.search(ZERO_DAMPENING.sub(" ", prose)))
                   or "tau" in bases)  # a rule written with tau sets its dampening
