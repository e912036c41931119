"""A user's update rule, read from LaTeX into a :class:`~momentum_sym.methods.model.Method`.

Problem.  ``momentum-sym analyze --update LATEX`` takes a rule such as
``y^{k} = w^{k} + \\beta (w^{k} - w^{k-1}), \\quad w^{k+1} = y^{k} - \\alpha \\nabla f(y^{k})``
from an untrusted user and must analyse it like a built-in method.

Method.  Nothing is evaluated as Python.  The text is split into equations at top-level
commas, semicolons and ``\\\\``; each ``\\nabla f(...)`` is cut out (its argument read on
its own) and replaced by a placeholder; each side goes through the project's safe LaTeX
reader (:mod:`momentum_sym.audit.latex`: bounded size, whitelisted commands, SymPy's
LaTeX parser, a rebuild that admits only sums, products, powers and roots).  Letters
with a superscript k, k+1 or k-1 are sequence values (``w^{k+1}``); every other letter
is a parameter.  The parameters: ``\\alpha`` (or ``\\eta``) is the step size, ``\\beta``
(or ``\\mu``) the momentum, any other a fixed setting in [0, 1).  The iterate is ``w``
(else ``x``, else the left-hand side of the last equation); sequences start at zero and
past iterates at the starting point.

Result.  A :class:`Method` named by the user; :class:`Unreadable` with one sentence for
anything that cannot be read.
"""

from __future__ import annotations

import re

import sympy as sp

from momentum_sym.audit.latex import MAX_CHARS, Unreadable, parse, rebuild
from momentum_sym.methods.model import Method, Parameter, advance, at, grad, parameter, split
from momentum_sym.render import printers
from momentum_sym.results import symbols as S

_SEQUENCE_KEY = re.compile(r"^(?P<name>[A-Za-z]+)\^\{?k(?P<offset>[+-]\d)?\}?$")
_GRADIENT = re.compile(r"\\nabla(?:\s|\\[!,;:])*f\s*(\\left\s*)?\(")
_PLACEHOLDER = "\\Omega_{%d}"

#: Parameter names and their roles: the step size, the momentum; others are settings.
_STEP = {"alpha": S.alpha, "eta": S.alpha}
_MOMENTUM = {"beta": S.beta, "mu": S.beta}


def _closing(text: str, start: int) -> int:
    """The index of the parenthesis closing the one opened just before ``start``."""
    depth = 1
    j = start
    while j < len(text):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise Unreadable("a gradient \\nabla f( without its closing parenthesis")


def _cut_gradients(text: str) -> tuple[str, list[str]]:
    """Replace each ``\\nabla f(u)`` by a placeholder; returns the text and the u's."""
    arguments: list[str] = []
    while True:
        found = _GRADIENT.search(text)
        if found is None:
            return text, arguments
        end = _closing(text, found.end())
        inner = text[found.end():end]
        inner = re.sub(r"\\right\s*$", "", inner).strip()
        if "\\nabla" in inner:
            raise Unreadable("a gradient inside a gradient")
        arguments.append(inner)
        text = text[:found.start()] + " " + (_PLACEHOLDER % (len(arguments) - 1)) + " " + \
            text[end + 1:]


def _as_written(text: str, arguments: list[str]) -> str:
    """Text with its gradient placeholders written back as ``\\nabla f(u)``, for a
    message (the placeholders are the reader's own, never shown)."""
    for j, argument in enumerate(arguments):
        text = text.replace(_PLACEHOLDER % j, f"\\nabla f({argument})")
    return " ".join(text.split())


def _equations(text: str) -> list[str]:
    """Split at top-level commas, semicolons, ``\\\\`` and ``\\quad``-separated commas."""
    text = re.sub(r"\\(q?quad|,|;|!)", " ", text).replace("\\\\", ";")
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        if ch in ",;" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


#: a Latin letter's step index as a subscript or superscript, k or t: x_{k+1}, v^{t}
_INDEX = re.compile(r"(?<![\\A-Za-z])(?P<name>[A-Za-z])(?P<mark>[_^])(?:\{\s*(?P<braced>[kt]"
                    r"(?:\s*[+-]\s*\d)?)\s*\}|(?P<bare>[kt])(?![A-Za-z]))")


def _indices_as_k(text: str) -> str:
    """Step indices written ``x^{k+1}``: a subscript index (``x_{k+1}``, ``x_k``) and the
    letter t (``v^{t+1}``) read as the texts do.  One rule uses one index letter."""
    letters = {m["braced"][0] if m["braced"] else m["bare"] for m in _INDEX.finditer(text)}
    if letters == {"k", "t"}:
        raise Unreadable("the rule uses both k and t as the step index; use one")

    def as_k(found: re.Match) -> str:
        index = re.sub(r"\s+", "", found["braced"] or found["bare"])
        return f"{found['name']}^{{k{index[1:]}}}"

    return _INDEX.sub(as_k, text)


def _known(key: str) -> bool:
    return bool(_SEQUENCE_KEY.match(key))


#: letters the derivations use themselves: a setting of that name would print as they
#: do (discriminant = alpha^2 lambda^2 - 2 alpha lambda lambda ...)
_DERIVATION_NAMES = {
    "lambda": "\\lambda is the eigenvalue of the Hessian in the derivations",
    "sigma": "\\sigma is the variable of the characteristic polynomial",
    "t": "t stands for alpha lambda in the derivations",
    "s": "s is a square root the derivations name (sqrt(alpha lambda))",
    "kappa": "\\kappa is the condition number in the derivations",
    "rho": "\\rho is the rate in the derivations",
    "L": "L is the largest eigenvalue in the derivations",
}


class _Resolver:
    """Names of the parsed formula to SymPy objects: sequence values, gradients,
    parameters (collected as they are met)."""

    def __init__(self, gradients: list[sp.Basic]):
        self.gradients = gradients
        self.parameters: dict[str, sp.Symbol] = {}

    def __call__(self, name: str) -> sp.Basic:
        found = _SEQUENCE_KEY.match(name)
        if found:
            return at(found.group("name"), int(found.group("offset") or 0))
        gradient = re.fullmatch(r"Omega_\{?(\d+)\}?", name)
        if gradient:
            return self.gradients[int(gradient.group(1))]
        plain = re.fullmatch(r"[A-Za-z]+", name)
        scheduled = re.fullmatch(r"(?P<head>[A-Za-z]+)_\{?[kt]([+-]\d)?\}?", name)
        if scheduled is not None:
            raise Unreadable(f"{scheduled['head']} changes with the step ({name}): the "
                             "analysis is for constant parameters, and a sequence is a plain "
                             "Latin letter with the step index (w_{t}, x^{k}; not \\theta_t "
                             "or \\mathbf{x}_k)")
        if plain is None:
            raise Unreadable(f"cannot read the symbol {name!r} (a parameter is one letter "
                             "or Greek letter; a sequence value is written like w^{k+1})")
        for table, what in ((_STEP, "step size"), (_MOMENTUM, "momentum")):
            if name in table:
                other = next((n for n in table if n != name and n in self.parameters), None)
                if other is not None:  # alpha and eta would both become alpha
                    raise Unreadable(f"the rule writes both \\{other} and \\{name}, which "
                                     f"are read as the same {what}; write one of them")
        if name in _STEP:
            symbol = _STEP[name]
        elif name in _MOMENTUM:
            symbol = _MOMENTUM[name]
        elif name in ("k", "f"):
            raise Unreadable(f"{name} may appear only as a step index (w^{{k}}, w_{{k+1}}; "
                             "not w^{(k)}) or in \\nabla f(...)")
        elif name in _DERIVATION_NAMES:
            raise Unreadable(f"{_DERIVATION_NAMES[name]}; name the setting with another letter")
        else:
            symbol = sp.Symbol(name, nonnegative=True)
        self.parameters[name] = symbol
        return symbol


def _read(text: str, resolve: _Resolver) -> sp.Expr:
    try:
        return _read_side(text, resolve)
    except Unreadable as error:  # the reader's placeholders never reach a message
        raise Unreadable(_PLACEHOLDER_SEEN.sub("a gradient", str(error))) from None


#: a gradient's placeholder as a message may show it
_PLACEHOLDER_SEEN = re.compile(r"\\Omega\s*_\s*\{?\s*\d+\s*\}?")


def _read_side(text: str, resolve: _Resolver) -> sp.Expr:
    formula = parse(text, _known)
    if formula.relations:
        raise Unreadable(f"a relation inside a side of an equation: {text!r}")
    value = rebuild(formula.members[-1], resolve)
    if isinstance(value, (sp.MatrixBase, sp.MatrixExpr)):
        raise Unreadable("an update rule is written per vector, without matrices")
    return value


def check_name(name: str) -> None:
    """Raise :class:`Unreadable` unless ``name`` can name a method (and its ids)."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]{0,39}", name):
        raise Unreadable("a method name is a letter then letters, digits or '-' (at most "
                         "40)")


#: the largest power of a parameter a rule may hold (the methods of the texts hold 2)
MAX_POWER = 8


def read_update(latex: str, name: str = "user") -> Method:
    """The method of a LaTeX update rule (see the module); raises :class:`Unreadable`."""
    if not isinstance(latex, str) or not latex.strip():
        raise Unreadable("an empty update rule")
    if len(latex) > MAX_CHARS:
        raise Unreadable(f"the update rule is longer than {MAX_CHARS} characters")
    if "\\Omega" in latex:
        raise Unreadable("\\Omega is reserved; use another letter")
    check_name(name)
    text, arguments = _cut_gradients(_indices_as_k(latex.strip().strip("$")))
    if "\\nabla" in text:
        raise Unreadable("a gradient is written \\nabla f(...), of the one objective f, "
                         "with its argument in parentheses")
    resolve = _Resolver([])
    resolve.gradients = [grad(_read(a, resolve)) for a in arguments]
    update = []
    for equation in _equations(text):
        sides = equation.split("=")
        if len(sides) != 2:
            raise Unreadable("each equation has one '=' (w^{k+1} = ..., not an arrow): "
                             f"'{_as_written(equation, arguments)}'")
        lhs, rhs = (_read(side, resolve) for side in sides)
        if not isinstance(lhs, sp.Symbol) or split(lhs) is None:
            raise Unreadable(f"the left-hand side of an equation must be a sequence value "
                             f"such as w^{{k+1}}: {sides[0].strip()!r}")
        update.append(sp.Eq(lhs, rhs, evaluate=False))
    if not update:
        raise Unreadable("no equation in the update rule")
    update = _next_step_on_the_left(update)
    if S.alpha not in resolve.parameters.values():
        raise Unreadable("the rule needs a step size \\alpha (or \\eta)")
    from momentum_sym.methods.run import NotLinear, linear_form

    for e in update:
        high = [p for p in e.rhs.atoms(sp.Pow) if p.exp.is_Number and abs(p.exp) > MAX_POWER
                and p.base.free_symbols]
        if high:
            # alpha^1000 would hold the derivations for minutes: no method is written so
            raise Unreadable(f"a power of a parameter above {MAX_POWER} "
                             f"({printers.inline_text(high[0])}) is not read")
        try:
            linear_form(e.rhs)
        except NotLinear:
            raise Unreadable(f"the right-hand side for {e.lhs.name} is not a linear "
                             "combination of iterates and gradients with coefficients in "
                             "the parameters") from None
    return _method(update, resolve.parameters, name, latex)


def _next_step_on_the_left(update: list[sp.Eq]) -> list[sp.Eq]:
    """The rule with its new values at step k + 1, as the methods are written: a rule in
    the form x_t = x_{t-1} - eta grad f(x_{t-1}) (every left-hand side at step k, the
    right-hand sides reaching back to k - 1) is moved on by one step.  A value defined
    by itself, or used before the equation that computes it, is refused."""
    def offsets(expr: sp.Basic) -> set[int]:
        return {split(s)[1] for s in expr.free_symbols if split(s) is not None}

    left = [split(e.lhs)[1] for e in update]
    if all(o == 0 for o in left) and any(o < 0 for e in update for o in offsets(e.rhs)):
        moved = {s: advance(s) for e in update for s in (e.lhs, *e.rhs.free_symbols)
                 if split(s) is not None}
        update = [sp.Eq(e.lhs.xreplace(moved), e.rhs.xreplace(moved), evaluate=False)
                  for e in update]
    later: dict[sp.Symbol, int] = {e.lhs: j for j, e in enumerate(update)}
    for j, e in enumerate(update):
        if e.lhs in e.rhs.free_symbols:
            raise Unreadable(f"{e.lhs.name} is defined by itself; a new value is computed "
                             "from earlier ones")
        early = sorted(s.name for s in e.rhs.free_symbols if later.get(s, -1) > j)
        if early:
            raise Unreadable(f"{early[0]} is used before the equation that computes it; put "
                             "that equation first")
    return update


def _iterate(update: list[sp.Eq], sequences: list[str]) -> str:
    """The sequence that is the iterate: w, else x, else the one computed last; but a
    sequence that stands still at the minimiser is preferred to one that does not (the
    velocity u in z^{k+1} = z^k - alpha u^k, u^{k+1} = beta u^k + grad f(z^{k+1}),
    which stands still at 0)."""
    from momentum_sym.tactics.decoupling import NotAMethod, at_minimiser, fixed_values

    preferred = [n for n in ("w", "x") if n in sequences] + sequences[::-1]
    try:
        standing = at_minimiser(fixed_values(update))
    except NotAMethod:
        standing = []  # refused, with the reason, when the rule is decoupled
    return next((n for n in preferred if n in standing), preferred[0])


def _at_rest(update: list[sp.Eq]) -> dict[str, sp.Rational]:
    """Each sequence's value at the rule's fixed point as a multiple of the minimiser,
    where that multiple is a number (0 for a velocity, 1 for a look-ahead point)."""
    from momentum_sym.tactics.decoupling import OPTIMUM, NotAMethod, fixed_values

    try:
        fixed = fixed_values(update)
    except NotAMethod:
        return {}
    multiples = {name: sp.cancel(value / OPTIMUM) for name, value in fixed.items()}
    return {name: m for name, m in multiples.items() if m.is_Rational}


def _influencing(update: list[sp.Eq], iterate: str) -> set[str]:
    """The sequences the iterate's values depend on, directly or through others
    (the iterate itself included)."""
    uses: dict[str, set[str]] = {}
    for e in update:
        uses.setdefault(split(e.lhs)[0], set()).update(
            split(s)[0] for s in e.rhs.free_symbols if split(s) is not None)
    reached, pending = {iterate}, [iterate]
    while pending:
        for name in uses.get(pending.pop(), ()):
            if name not in reached:
                reached.add(name)
                pending.append(name)
    return reached


def _method(update: list[sp.Eq], names: dict[str, sp.Symbol], name: str, latex: str
            ) -> Method:
    defined: set[sp.Symbol] = set()
    state: list[sp.Symbol] = []
    for e in update:
        for s in sorted(e.rhs.free_symbols, key=sp.default_sort_key):
            if split(s) is not None and s not in defined and s not in state:
                if split(s)[1] > 0:
                    raise Unreadable(f"{s.name} is used before it is computed")
                state.append(s)
        _, offset = split(e.lhs)
        if offset not in (0, 1):
            raise Unreadable(f"{e.lhs.name}: a new value is at step k or k+1")
        defined.add(e.lhs)
    sequences = [split(e.lhs)[0] for e in update]
    never = sorted({split(s)[0] for s in state} - set(sequences))
    if never:
        raise Unreadable(f"{', '.join(never)} is used but never computed; give its "
                         f"equation ({never[0]}^{{k+1}} = ...)")
    twice = next((n for n in sequences if sequences.count(n) > 1), None)
    if twice is not None:
        raise Unreadable(f"{twice} is given by two equations; give each sequence one")
    iterate = _iterate(update, sequences)
    if not any(split(s)[0] == iterate for s in state):
        raise Unreadable(f"the iterate {iterate} must appear at step k on a right-hand side")
    unused = sorted(set(sequences) - _influencing(update, iterate))
    if unused:
        raise Unreadable(f"{', '.join(unused)} never changes the iterate {iterate}; leave "
                         "out what the iterate does not use")
    # every step between: w^{k-5} needs w^{k-4} .. w^{k-1} carried too, one step each,
    # up to the last value known when a step begins: w^k for a sequence computed at
    # k+1, but b^{k-1} for one computed within the step (b^k = beta b^{k-1} + ...)
    computed_at = {split(e.lhs)[0]: split(e.lhs)[1] for e in update}
    deepest: dict[str, int] = {}
    for s in state:
        seq, offset = split(s)
        deepest[seq] = min(deepest.get(seq, 0), offset)
    state += [at(seq, offset) for seq, low in deepest.items()
              for offset in range(low, computed_at[seq]) if at(seq, offset) not in state]
    state.sort(key=lambda s: (sequences.index(split(s)[0]) if split(s)[0] in sequences
                              else len(sequences), -split(s)[1]))
    initial = {}
    at_rest = _at_rest(update)
    for s in state:
        seq, offset = split(s)
        if seq == iterate and offset < 0:
            initial[s] = at(iterate)
        elif seq != iterate:
            # every other sequence starts where the rule would stand still if w^0 were
            # the minimiser: a velocity at 0, a look-ahead point y^0 at w^0
            initial[s] = at_rest.get(seq, sp.Integer(0)) * at(iterate)
    parameters: list[Parameter] = []
    for text_name, symbol in sorted(names.items(), key=lambda kv: kv[0]):
        if symbol == S.alpha:
            parameters.insert(0, parameter(S.alpha, "the step size", "step", "1/100", 2,
                                           code=text_name))
        elif symbol == S.beta:
            parameters.append(parameter(S.beta, "the momentum", "momentum", 0, "99/100",
                                        (S.beta < 1,), code=text_name))
        else:
            parameters.append(parameter(symbol, "a setting", "setting", 0, "9/10",
                                        (symbol < 1,), tuned=False, code=text_name))
    # the error coordinate of the iterate is x, as in the texts; where x is taken, the
    # decoupling picks a free letter (tactics.decoupling.coordinate_letters)
    return Method(name, f"the rule {name}", tuple(parameters), tuple(update),
                  state=tuple(state), initial=initial, iterate=iterate,
                  coordinates={iterate: "x"}, source="given by the user: " + latex.strip(),
                  description="a user's own update rule, read from LaTeX")
