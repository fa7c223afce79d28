"""Word lists the sentence segmenter consults: abbreviations and sentence openers.

Kept apart from the attribution lexicon (``_lexicon.py``): these decide where a
sentence ends, not who speaks. All entries are stored without their final
period; dotted forms ("U.S") keep their inner periods.
"""

from __future__ import annotations

TITLES_BEFORE_NAMES = frozenset(
    """
    Mr Mrs Ms Mssrs Messrs Mmes Dr Drs Prof Profs Rev Revs Hon Fr Msgr Sr Sra Srta
    Gen Lt Col Maj Capt Cpt Sgt Cpl Pvt Adm Cmdr Cdr Brig Ens Spc Cmdt Gens
    Sen Sens Rep Reps Gov Govs Pres Supt Det Insp Atty Amb Sec Secy Treas Rt
    Mt Ft St Ste Pt Ald Assemb Comm Commr Judg Mme Mlle Dir Sheriff Sgts
    Coun Cllr Clr Const Supt Cst Sgt Wg Cdr Flt Lt-Col Lt-Gen Maj-Gen Brig-Gen
    """.split()
)
"""Abbreviations that precede a name: never the end of a sentence before a capital."""

NUMBER_PREFIXES = frozenset(
    "No Nos no nos Vol vol Vols pp p Art art Fig fig Figs Ch ch Sec sec Ex ex Op op "
    "Nr nr Pt pt Para para Ref ref".split()
)
"""Abbreviations that precede a number ("No. 5", "pp. 12–14")."""

MONTHS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
"""Abbreviated months: "Feb. 15" does not end a sentence."""

AMBIGUOUS = frozenset(
    """
    Inc Corp Co Ltd Plc PLC LLC Bros Jr Sr Esq Cos Assn Intl Dept Univ
    etc al approx est vs cf
    Ala Ariz Ark Calif Cal Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich
    Minn Miss Mo Mont Neb Nebr Nev Okla Ore Oreg Pa Penn Tenn Tex Vt Va Wash Wis Wisc Wyo
    Ont Que Alta Sask Man Nfld Qld Vic Tas
    Ave Blvd Rd Hwy Sq Ln Dr Pkwy
    """.split()
)
"""Abbreviations that may end a sentence ("…in Portland, Ore.") or not ("Apple Inc. shares")."""

LOWER_ABBREVIATIONS = frozenset(
    """
    vs v etc al approx est cf ca incl excl esp dept govt min max misc mln bln bn mn
    sq ft oz lb lbs kg km mi yr yrs hr hrs mos wk wks retd ret
    """.split()
)
"""Lower-case abbreviations; "vs." and "v." never end a sentence, the rest rarely."""

NEVER_FINAL = frozenset(
    {"vs", "v", "cf", "Vs", "viz", "e.g", "i.e", "E.g", "I.e", "ca", "incl", "approx"}
)
"""Abbreviations that never close a sentence whatever follows."""

SENTENCE_OPENERS = frozenset(
    """
    The A An He She It They We I You His Her Its Their Our My Your This That These Those
    There Here But And Or So Yet Nor In On At For From By With As After Before When While
    If Although Though Since Because However Meanwhile Also Many Some Most Other Others
    All Both Each Several One Two Three Four Five Six Seven Eight Nine Ten What Who Why
    How Where Not No According Last Next Earlier Later Today Yesterday Tomorrow Now Then
    Still Even Such Under Over During Despite Until Among About Another Any Every Few
    More Much Instead Thus Therefore Indeed Still Asked Officials Police Critics
    Authorities Experts Analysts Residents Witnesses Image Photo Source Credit Video
    Mr Mrs Ms Did Do Does Is Are Was Were Will Can Could Would Should Has Have Had Let
    Please Yes Sources Reporting Editing Read Related Follow Sign Click Subscribe
    """.split()
)
"""Words that commonly open a sentence: after an ambiguous abbreviation they signal a new one."""
