"""The notation every part of momentum-sym writes and reads: one table of the Greek
letters, as a name in the code (``lambda``), in Unicode (``λ``) and in LaTeX
(``\\lambda``).

The printers (text, LaTeX, MathML, Jupyter; ``render/names.py``), the reader of
backticked prose (``kernel/inline_math.py``) and the audit's reader of documents
(``audit/latex.py``) all take their letters from here, so that a letter one of them
knows, the others know too.  This module imports nothing.
"""

from __future__ import annotations

#: name -> (Unicode, LaTeX), lower case then upper case (LaTeX has no upper-case
#: letters that look Latin: Alpha is A).
GREEK_LETTERS: dict[str, tuple[str, str]] = {
    "alpha": ("α", r"\alpha"), "beta": ("β", r"\beta"), "gamma": ("γ", r"\gamma"),
    "delta": ("δ", r"\delta"), "epsilon": ("ε", r"\epsilon"),
    "varepsilon": ("ε", r"\varepsilon"), "zeta": ("ζ", r"\zeta"), "eta": ("η", r"\eta"),
    "theta": ("θ", r"\theta"), "vartheta": ("ϑ", r"\vartheta"), "iota": ("ι", r"\iota"),
    "kappa": ("κ", r"\kappa"), "lambda": ("λ", r"\lambda"), "mu": ("μ", r"\mu"),
    "nu": ("ν", r"\nu"), "xi": ("ξ", r"\xi"), "pi": ("π", r"\pi"), "rho": ("ρ", r"\rho"),
    "sigma": ("σ", r"\sigma"), "tau": ("τ", r"\tau"), "upsilon": ("υ", r"\upsilon"),
    "phi": ("φ", r"\phi"), "varphi": ("φ", r"\varphi"), "chi": ("χ", r"\chi"),
    "psi": ("ψ", r"\psi"), "omega": ("ω", r"\omega"),
    "Gamma": ("Γ", r"\Gamma"), "Delta": ("Δ", r"\Delta"), "Theta": ("Θ", r"\Theta"),
    "Lambda": ("Λ", r"\Lambda"), "Xi": ("Ξ", r"\Xi"), "Pi": ("Π", r"\Pi"),
    "Sigma": ("Σ", r"\Sigma"), "Upsilon": ("Υ", r"\Upsilon"), "Phi": ("Φ", r"\Phi"),
    "Psi": ("Ψ", r"\Psi"), "Omega": ("Ω", r"\Omega"),
}

#: SymPy spells lambda "lamda" in some generated names; it is the same letter.
ALIASES: dict[str, str] = {"lamda": "lambda", "Lamda": "Lambda"}
