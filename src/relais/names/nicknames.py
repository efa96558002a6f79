"""French and English first names that stand for one another: Fred for Frédéric, Bob for Robert.

Our own table, written for a contact base where the same person signs "Fred" in an email,
"Frédéric" in the CRM and "F." in a trade-fair scan. One line is one group of names that may
name the same person; a name may sit in several groups (Alex is Alexandre, Alexandra and
Alexander; Sam is Samuel and Samantha). Forms are folded (lower-case ASCII, hyphens read as
spaces), so "Sébastien", "SEBASTIEN" and "sebastien" are one entry.

``first_name_variants`` is public: matching compares names through it and search uses it so that
"Fred" finds "Frédéric".
"""

from __future__ import annotations

import re
from functools import lru_cache

from relais.core.text import fold

# fmt: off
# One group a line; "jean_baptiste" stands for the compound name "jean baptiste" (Jean-Baptiste).
_GROUPS = """
abigail abby abbie gail
adelaide adele addie heidi
adrien adrian ade
agnes agnete nessa
albert al bert bertie
alexander alexandre alex alec alexis sacha sasha sandy xander lex
alexandra alexandrine alex alexia sandra sandrine sasha sacha lexie
alfred alf alfie fred freddie
alice alicia ally allie lissa
amanda mandy manda
amelie amelia millie mia
andrew andy drew
andre dede
anne annie anna nan nancy nanette ninon annette
anne_marie annemarie
anne_sophie annesophie
anthony antony tony toni ant
antoine toine tonio tony
arnaud nono
arthur art artie
aurelie aurel lili
aurelien aurel
barbara barb babs barbie
bartholomew bart
baptiste bapt titi
benedict ben benny
benjamin ben benji benny benj
benoit ben
bernard bernie nanard
beatrice bea trixie
bertrand bert
caroline caro carol carrie lina
catherine cathy cath cathie kate katie katy kathy kat cat cate
katherine kathryn kate katie katy kathy kat cat kitty kit kay
charles charlie chuck chas charly carl
charlotte charlie lottie lotte
christian chris kris
christine christina chris chrissy tina kristine
christophe chris kiki
christopher chris kit topher
clementine clem clemence
claude clo
cynthia cindy
daniel dan danny dani dany
danielle dani dany
david dave davy davie
deborah debbie deb debra
delphine delph
dominique dom domi
donald don donnie
dorothy dot dottie dolly
edouard edward ed eddie ted teddy ned
edmund ed eddie ned
eleanor ellie nell nora elle
elisabeth elizabeth liz lizzie beth betty betsy eliza lisa lise babette zabeth elise
emilie emily emmy milly
emmanuel manu emma
emmanuelle manue manu
eric
etienne steph
eugene gene
evelyne eve evie
florence flo flora
florian flo
francis frank fran
francois francky franck fanfan
francoise fanfan francette
frederic frederick frederik frederique fred freddy freddie fredo
frederique fred
gabriel gabi gab gabe
gabrielle gabi gaby gab
genevieve gene vivi
geoffrey jeffrey jeff geoff
gerard gege gerry
gregoire greg
gregory greg
guillaume william will willy guigui gui
harold harry hal
helene lena leni
henri henry harry hank rico riri
isabelle isabel isabella isa isabeau bella belle izzy
jacqueline jackie jacquie
jacques jack jacky jaco
james jim jimmy jamie jem
jane jenny jennie janie
jean_baptiste jb jeanbaptiste
jean_christophe jc jeanchristophe
jean_claude jc jeanclaude
jean_francois jf jeanfrancois
jean_luc jl jeanluc
jean_marc jm jeanmarc
jean_marie jm jeanmarie
jean_michel jm jeanmichel
jean_philippe jp jeanphilippe
jean_pierre jp jeanpierre
jean_paul jp jeanpaul
jeanne jeannette jeannot
jennifer jen jenny jenn
jeremy jerry
jerome jerry
john jack johnny jon
jonathan jon jonny john
joseph joe joey jo jojo jose
josephine jo josie fifi
julien ju juju
juliette julie jules
julien jules
karine karin
kenneth ken kenny
laurence laure lolo
laurent lolo
lawrence larry laurie
leonard leo len lenny
leonardo leo
louis lou louie loulou
louise lou lulu louisa
lucas luc luke
lucien luc
ludovic ludo
madeleine madeline maddie mado
magali mag maggie
margaret maggie meg peggy marge margie greta daisy madge
marguerite maggie margot guite
marie_christine mc mariechristine
marie_france mf
marie_laure ml
marie_pierre mp
martine tine
mathieu matthieu mat matt math
matthew matt mat matty
mathilde mathilda tilda tilly
maximilien max maxi
maxime max maxou
maxwell max
melanie mel
michael mike mikey mick mickey mickael mikael micky
michel mich mimi
michele michelle shelly mimi
nathalie nat natalie
nathan nat nate
nathaniel nat nate nathan
nicholas nicolas nick nicky nico colin
nicole nicky coco
nicolas nico nick
olivier olive oli
oliver ollie olly
pascal pat
pascale pat
patricia pat patty trish tricia
patrick pat paddy patou
paul paulo popol
peter pete pierre
philip phil pip philippe
philippe phil fifi
raphael raph
rebecca becky becca
richard rick ricky dick rich richie
robert bob bobby rob robbie bert robin
roberta bobbie robbie
roger rog
ronald ron ronnie
samantha sam sammy
samuel sam sammy
sandrine sandy
sarah sara sally sadie
sebastien seb sebastian bastien
sophie so sophia
stephane steph stef stephan steve
stephanie steph stef fanny
stephen steven steve stevie
susan susanne suzanne sue suzie suzy
suzanne suzie suzon
sylvain syl
sylvie syl
theodore theo ted teddy
theophile theo
thibault thibaut thibaud tibo
thomas tom tommy thom toto
timothy tim timmy
timothee tim
valentin val
valerie val vava
valentine val
victor vic vico
victoria vicky vic tori
vincent vince vinnie vinz
virginie virginia ginny gigi
walter walt wally
william bill billy will willy liam
xavier xav
yves yvon
zachary zach zack
caroline caro
dominic dom
edith edie
kimberly kim
gwendoline gwen
gwenaelle gwen
guenole gwen
jessica jess jessie
joshua josh
marcel marcelo
martin tintin
pamela pam
penelope penny
rosemary rose rosie
ruth ruthie
terence terry
thierry titi
yannick yann
yann yannick
albane alba
annabelle anna belle
cedric ced
christelle chris
claire clairette
constance connie
ghislaine ghis
herve ryry
jean jeannot
laetitia laeti tish
marine marinette
morgane morgan
quentin quent
sebastien bastien
severine sev
veronique vero
aurore rory
isidore isi
""".strip().splitlines()
# fmt: on

_PUNCT = re.compile(r"[^a-z ]+")


@lru_cache(maxsize=65536)
def fold_first_name(name: str) -> str:
    """'Jean-Baptiste' → 'jean baptiste'; 'FRÉDÉRIC' → 'frederic'; 'J.-B.' → 'j b'."""
    return " ".join(_PUNCT.sub(" ", fold(name)).split())


def _build() -> tuple[tuple[frozenset[str], ...], dict[str, frozenset[int]]]:
    groups: list[frozenset[str]] = []
    index: dict[str, set[int]] = {}
    for line in _GROUPS:
        names = frozenset(word.replace("_", " ") for word in line.split())
        for name in names:
            index.setdefault(name, set()).add(len(groups))
        groups.append(names)
    return tuple(groups), {k: frozenset(v) for k, v in index.items()}


GROUPS, _INDEX = _build()


def _components() -> dict[str, str]:
    """Each known name → the first (alphabetically) name of all the groups it connects to:
    Katie links Katherine and Catherine, so the three share one blocking key."""
    parent = list(range(len(GROUPS)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for numbers in _INDEX.values():
        first, *rest = sorted(numbers)
        for other in rest:
            parent[root(other)] = root(first)
    names: dict[int, set[str]] = {}
    for number, group in enumerate(GROUPS):
        names.setdefault(root(number), set()).update(group)
    return {name: min(group) for group in names.values() for name in group}


_COMPONENT = _components()


def block_key(folded: str) -> str:
    """A key shared by every name that may stand for ``folded`` (the name itself if unknown)."""
    return _COMPONENT.get(folded) or _COMPONENT.get(folded.replace(" ", "")) or folded


def group_ids(folded: str) -> frozenset[int]:
    """The numbers of the groups a folded first name belongs to (empty for an unknown name)."""
    return _INDEX.get(folded, frozenset())


@lru_cache(maxsize=65536)
def first_name_variants(name: str) -> frozenset[str]:
    """Folded first names that may name the same person as ``name``, ``name`` included.

    'Fred' → {'fred', 'frederic', 'frederick', 'alfred', …}; an unknown name → just itself;
    an empty name → the empty set.
    """
    folded = fold_first_name(name)
    if not folded:
        return frozenset()
    variants = {folded}
    for number in group_ids(folded):
        variants |= GROUPS[number]
    compact = folded.replace(" ", "")
    if compact != folded:
        for number in group_ids(compact):
            variants |= GROUPS[number]
    return frozenset(variants)


def are_nicknames(a: str, b: str) -> bool:
    """True when two folded first names differ but share a group ('fred', 'frederic')."""
    return a != b and bool(group_ids(a) & group_ids(b))
