"""The words a card parser recognises, in French and English: written by hand, not learnt.

Job words (a title holds one), legal forms (an organisation ends with one), street types,
phone labels (a fax is not a phone), and the particles that start a surname. Nothing here
was drawn from the evaluation cards (tests/fixtures_gen/cards.py keeps a held-out vocabulary
for them).
"""

from __future__ import annotations

import re

JOB = re.compile(
    r"\b(directeur|directrice|direction|director|responsable|manager|managing|head|chef|chief|"
    r"ceo|cto|cfo|coo|cmo|cio|vp|vice|pr[ée]sident|pr[ée]sidente|president|fondat(eur|rice)|"
    r"co-?fondat(eur|rice)|founder|co-?founder|g[ée]rante?|associ[ée]e?|partner|"
    r"consultante?|consultant|ing[ée]nieure?|engineer|d[ée]veloppeu(r|se)|developer|"
    r"commercial[e]?|sales|account|charg[ée]e?|attach[ée]e?|assistante?|assistant|avocate?|"
    r"lawyer|attorney|comptable|accountant|juriste|analyste?|analyst|designer|architecte?|"
    r"coordinat(eur|rice|or)|officer|lead|owner|sp[ée]cialiste|specialist|conseill[eè]re?|"
    r"acheteu(r|se)|buyer|purchasing|achats?|technicien(ne)?|technician|recrut(eur|euse)|"
    r"recruiter|drh|dg|dga|pdg|secr[ée]taire|secretary|executive|administrat(eur|rice|or)|"
    r"experte?|expert|d[ée]l[ée]gu[ée]e?|representative|advisor|adviser|product|projet|"
    r"project|marketing|communication|operations?|op[ée]rations|logistique|logistics|"
    r"business|development|d[ée]veloppement|supervis(eur|euse|or)|superviseur|"
    r"coach|formateur|formatrice|trainer|professeur|professor|docteur|doctor|pharmacien(ne)?|"
    r"infirmi(er|[èe]re)|nurse|journaliste|journalist|r[ée]dact(eur|rice)|editor|"
    r"photographe|photographer|agent|broker|courtier|n[ée]gociante?|trader|tr[ée]sori(er|[èe]re)|"
    r"treasurer|controller|contr[ôo]leu(r|se)|auditeur|auditrice|auditor|senior|junior|"
    r"stagiaire|intern|apprenti(e)?|ambassad(eur|rice|or)|manageuse|team|[ée]quipe|"
    r"sup[ée]rieur|general|g[ée]n[ée]ral(e)?|adjoint(e)?|deputy|principal|senior)\b",
    re.I,
)
LEGAL_FORM = re.compile(
    r"(?:^|\s)(sas|sasu|sarl|eurl|sa|snc|sci|scop|scp|selarl|sca|gie|ltd|limited|inc|incorporated|"
    r"llc|llp|plc|gmbh|ag|bv|nv|srl|spa|s\.a\.s\.?|s\.a\.r\.l\.?|s\.a\.?|corp|corporation|"
    r"co\.|company|group|groupe|holding)\.?\s*$",
    re.I,
)
STREET = re.compile(
    r"\b(rue|avenue|av\.?|boulevard|bd|blvd|place|pl\.|all[ée]e|chemin|ch\.|quai|impasse|route|"
    r"rte|cours|passage|square|sq\.|faubourg|fbg|esplanade|parvis|rond-point|lieu-dit|zac|za|zi|"
    r"parc|r[ée]sidence|b[âa]timent|bât|street|st\.|road|rd\.?|lane|ln\.?|drive|dr\.|way|court|"
    r"ct\.|terrace|close|crescent|highway|suite|floor|[ée]tage|bp|cs|tsa)\b",
    re.I,
)
# Phone labels, each a pattern on the folded label (accents and case away) and its meaning.
FAX_LABEL = re.compile(r"^(fax|telecopie|telecopieur|f)$")
PHONE_LABELS = (
    (
        "mobile",
        re.compile(r"^(mob|mobile|portable|port|cell|cellular|cellulaire|gsm|m)$"),
    ),
    ("direct", re.compile(r"^(direct|ligne directe|dir|ld|d)$")),
    ("standard", re.compile(r"^(standard|std|switchboard|accueil|main|s)$")),
    (
        "work",
        re.compile(r"^(tel|tél|telephone|phone|ph|office|bureau|fixe|work|t|p|o|w)$"),
    ),
)
# Words that begin a surname inside a full name ("Anne de la Fontaine", "Yves Le Goff").
PARTICLES = {"de", "du", "des", "d'", "le", "la", "van", "von", "der", "da", "di", "del",
             "della", "dos", "das", "ter", "ten", "mac", "st", "saint", "sainte"}  # fmt: skip
FREEMAIL = {
    "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "msn", "aol", "icloud", "me",
    "orange", "wanadoo", "free", "sfr", "laposte", "gmx", "proton", "protonmail", "neuf",
}  # fmt: skip
CIVILITIES = {"m", "mr", "mme", "mlle", "mrs", "ms", "miss", "dr", "pr", "prof", "me"}
