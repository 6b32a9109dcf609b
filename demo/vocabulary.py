"""Static vocabularies for the demo data: Ballerup's demand areas (seed 001), industries, places.

Names come from Faker's da_DK provider lists (drawn with our own seeded `random.Random`, which is
far faster than calling Faker per row); a short fallback list keeps the command working without
Faker (it is a dev dependency).
"""

try:  # pragma: no cover - depends on the environment
    from faker.providers.address.da_DK import Provider as _Address
    from faker.providers.person.da_DK import Provider as _Person

    FIRST_NAMES_MALE: tuple[str, ...] = tuple(_Person.first_names_male)
    FIRST_NAMES_FEMALE: tuple[str, ...] = tuple(_Person.first_names_female)
    LAST_NAMES: tuple[str, ...] = tuple(_Person.last_names)
    STREET_STEMS: tuple[str, ...] = tuple(_Address.street_names)
except ImportError:  # pragma: no cover
    FIRST_NAMES_MALE = ("Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Jan")
    FIRST_NAMES_FEMALE = ("Anne", "Kirsten", "Mette", "Hanne", "Helle", "Susanne", "Lene", "Maria")
    LAST_NAMES = ("Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen")
    STREET_STEMS = ("Birke", "Ege", "Lind", "Rose", "Hybenrose", "Kastanje", "Pile", "Ask")

STREET_SUFFIXES = ("vej", "vej", "vej", "gade", "vænget", " Allé", "parken", "toften", "stræde")

# Real street names in Ballerup Kommune, per postcode; mixed with generated ones.
LOCAL_STREETS: dict[str, tuple[str, ...]] = {
    "2750": (
        "Ballerup Byvej",
        "Centrumgaden",
        "Linde Allé",
        "Hold-an Vej",
        "Rugvænget",
        "Banegårdspladsen",
        "Telefonvej",
        "Lautrupvang",
        "Magleparken",
        "Grantoften",
        "Egebjergvej",
        "Baltorpvej",
        "Torvevej",
        "Smedebakken",
        "Sønderhøj",
        "Hedegårdsvej",
        "Stadionalle",
        "Pederstrupvej",
        "Tempovej",
        "Lautrupbjerg",
    ),
    "2740": (
        "Skovlunde Byvej",
        "Ballerupvej",
        "Lundebjergvej",
        "Harrestrup Vang",
        "Tornerosevej",
        "Mårvejen",
        "Bybjergvej",
        "Gammelgårdsvej",
        "Skovlundecentret",
        "Kirkebjerg Allé",
    ),
    "2760": (
        "Måløv Byvej",
        "Måløv Hovedgade",
        "Kirkebakken",
        "Vibevej",
        "Østervangsvej",
        "Søndergårds Allé",
        "Vestervangsvej",
        "Kildedalsvej",
        "Råbrovej",
        "Bøgebakken",
    ),
}

# Ballerup's own postcodes and nearby ones, with weights (citizens live almost all in Ballerup).
CITIZEN_POSTCODES = (
    ("2750", 55),
    ("2740", 22),
    ("2760", 15),
    ("2730", 2),
    ("2610", 1),
    ("2600", 1),
    ("2620", 1),
    ("2650", 1),
    ("2700", 1),
    ("2720", 1),
)
EMPLOYER_POSTCODES = (
    ("2750", 45),
    ("2740", 12),
    ("2760", 8),
    ("2730", 6),
    ("2610", 4),
    ("2600", 5),
    ("2620", 3),
    ("2650", 4),
    ("2700", 3),
    ("2720", 2),
    ("2800", 3),
    ("2860", 3),
    ("3500", 2),
)
TOWNS = {
    "2750": "Ballerup",
    "2740": "Skovlunde",
    "2760": "Måløv",
    "2730": "Herlev",
    "2610": "Rødovre",
    "2600": "Glostrup",
    "2620": "Albertslund",
    "2650": "Hvidovre",
    "2700": "Brønshøj",
    "2720": "Vanløse",
    "2800": "Lyngby",
    "2860": "Søborg",
    "3500": "Værløse",
}

# DISCO-08 unit groups of Ballerup's demand areas (seed 001):
# code -> (English title, Danish title, singular job title for openings, demand area).
OCCUPATIONS: dict[str, tuple[str, str, str, str]] = {
    "5321": (
        "Health care assistants",
        "Social- og sundhedshjælpere",
        "Social- og sundhedshjælper",
        "care",
    ),
    "5322": ("Home-based personal care workers", "Hjemmehjælpere", "Hjemmehjælper", "care"),
    "2221": ("Nursing professionals", "Sygeplejersker", "Sygeplejerske", "care"),
    "5120": ("Cooks", "Kokke", "Kok", "hotel"),
    "9412": ("Kitchen helpers", "Køkkenmedhjælpere", "Køkkenmedhjælper", "hotel"),
    "5131": ("Waiters", "Tjenere", "Tjener", "hotel"),
    "9112": (
        "Cleaners and helpers in offices, hotels and other establishments",
        "Rengøringsassistenter",
        "Rengøringsassistent",
        "cleaning",
    ),
    "4321": ("Stock clerks", "Lagerekspedienter", "Lagerekspedient", "warehouse"),
    "8322": (
        "Car, taxi and van drivers",
        "Chauffører (personbil og varebil)",
        "Chauffør",
        "warehouse",
    ),
    "8332": ("Heavy truck and lorry drivers", "Lastbilchauffører", "Lastbilchauffør", "warehouse"),
    "9333": ("Freight handlers", "Lagerarbejdere", "Lagermedarbejder", "warehouse"),
    "7112": ("Bricklayers and related workers", "Murere", "Murer", "construction"),
    "7115": ("Carpenters and joiners", "Tømrere og snedkere", "Tømrer", "construction"),
    "9313": ("Building construction labourers", "Byggearbejdere", "Byggearbejder", "construction"),
    "5223": ("Shop sales assistants", "Butiksekspedienter", "Butiksassistent", "retail"),
    "4110": ("General office clerks", "Kontorassistenter", "Kontorassistent", "office"),
    "4120": ("Secretaries (general)", "Sekretærer", "Sekretær", "office"),
    "2512": ("Software developers", "Softwareudviklere", "Softwareudvikler", "it"),
    "3512": (
        "Information and communications technology user support technicians",
        "IT-supportere",
        "IT-supporter",
        "it",
    ),
}

AREA_OCCUPATIONS: dict[str, tuple[str, ...]] = {}
for _code, (_en, _da, _title, _area) in OCCUPATIONS.items():
    AREA_OCCUPATIONS.setdefault(_area, ())
    AREA_OCCUPATIONS[_area] += (_code,)

# Industries (DB07 codes) with the demand areas they recruit in, a weight, whether public, and
# name patterns ({last}, {last2}, {town}, {stem}, {noun}).
# (code, title, occupations, weight, public, name patterns)
INDUSTRIES: tuple[tuple[str, str, tuple[str, ...], int, bool, tuple[str, ...]], ...] = (
    (
        "871000",
        "Plejehjem",
        ("5321", "5322", "2221", "9412", "9112"),
        5,
        True,
        ("Plejecenter {stem}gården", "Den selvejende institution {stem}hjemmet"),
    ),
    (
        "881000",
        "Hjemmehjælp til ældre og handicappede",
        ("5322", "5321", "8322"),
        5,
        False,
        ("{last}s Hjemmepleje ApS", "Omsorg {town} ApS", "{town} Privat Hjemmepleje ApS"),
    ),
    (
        "861000",
        "Hospitaler",
        ("2221", "5321", "9112", "9412"),
        1,
        True,
        ("Region Hovedstaden, {town} Hospital",),
    ),
    (
        "551000",
        "Hoteller",
        ("9112", "5131", "5120", "9412"),
        4,
        False,
        ("Hotel {town}", "{town} Kro & Hotel ApS", "Hotel {stem}gården A/S"),
    ),
    (
        "561010",
        "Restauranter",
        ("5120", "9412", "5131"),
        6,
        False,
        ("Restaurant {last}", "{town} Pizza & Grill ApS", "Café {stem}", "{last}s Køkken ApS"),
    ),
    (
        "562100",
        "Event catering",
        ("5120", "9412", "8322"),
        2,
        False,
        ("{town} Catering ApS", "{last} Mad & Selskab ApS"),
    ),
    (
        "812100",
        "Almindelig rengøring i bygninger",
        ("9112",),
        6,
        False,
        ("{town} Rengøring ApS", "{last} Rengøringsservice ApS", "Rent & Pænt {town} ApS"),
    ),
    (
        "521000",
        "Oplagring",
        ("9333", "4321", "8332"),
        4,
        False,
        ("{town} Lager & Logistik A/S", "{last} Logistik ApS"),
    ),
    (
        "494100",
        "Vejgodstransport",
        ("8332", "8322", "9333"),
        4,
        False,
        ("{last} Transport ApS", "Vognmand {last}", "{town} Fragt ApS"),
    ),
    (
        "532000",
        "Andre post- og kurertjenester",
        ("8322", "9333"),
        2,
        False,
        ("{town} Bud & Kurér ApS",),
    ),
    (
        "412000",
        "Opførelse af bygninger",
        ("7112", "7115", "9313"),
        4,
        False,
        ("{last} Byg A/S", "{town} Entreprise ApS", "{last} & Søn Byggefirma ApS"),
    ),
    (
        "433200",
        "Tømrer- og bygningssnedkervirksomhed",
        ("7115", "9313"),
        3,
        False,
        ("Tømrerfirmaet {last} ApS", "{town} Tømrer & Snedker ApS"),
    ),
    ("433400", "Murere", ("7112", "9313"), 2, False, ("Murerfirmaet {last} ApS",)),
    (
        "471100",
        "Supermarkeder",
        ("5223", "4321", "9333"),
        5,
        False,
        ("Købmand {last}, {town}", "{town} Supermarked ApS", "SuperKøb {town} {stem} ApS"),
    ),
    (
        "477100",
        "Detailhandel med beklædning",
        ("5223",),
        2,
        False,
        ("{last} Mode ApS", "Tøjhuset {town} ApS"),
    ),
    (
        "692000",
        "Bogføring og revision",
        ("4110", "4120"),
        2,
        False,
        ("Revisionsfirmaet {last} ApS", "{town} Regnskab ApS"),
    ),
    (
        "702200",
        "Virksomhedsrådgivning",
        ("4110", "4120", "2512"),
        2,
        False,
        ("{last} Consulting ApS", "{last} & {last2} Rådgivning ApS"),
    ),
    (
        "620100",
        "Computerprogrammering",
        ("2512", "3512"),
        3,
        False,
        ("{last} Software ApS", "{town} IT A/S", "{last} Data ApS"),
    ),
    (
        "620200",
        "Konsulentbistand vedrørende informationsteknologi",
        ("3512", "2512", "4110"),
        2,
        False,
        ("{last} IT-Service ApS", "{town} IT-Support ApS"),
    ),
    (
        "261100",
        "Fremstilling af elektroniske komponenter",
        ("9333", "4321", "3512"),
        2,
        False,
        ("{last} Elektronik A/S", "{town} Electronics A/S"),
    ),
    (
        "841100",
        "Generelle offentlige tjenester",
        ("4110", "4120", "9112"),
        2,
        True,
        ("{town} Forsyning", "Styrelsen for {noun}"),
    ),
    (
        "852010",
        "Grundskoler",
        ("9112", "4110", "9412"),
        2,
        True,
        ("{stem}skolen", "{town} Friskole"),
    ),
    (
        "889100",
        "Dagpleje og daginstitutioner",
        ("9112", "9412", "4110"),
        2,
        True,
        ("Børnehuset {stem}", "Den selvejende daginstitution {stem}huset"),
    ),
)
PUBLIC_NOUNS = ("Arbejdsmarked", "Forsyning", "Vej og Park", "Digitalisering", "Dataforsyning")

# Ballerup Kommune is one CVR (its real, public one) with many units (P-numbers).
BALLERUP_KOMMUNE_CVR = "58271713"
# (unit name, DB07 code, DB07 title, occupations, ordinary employees, dispensation capacity)
BALLERUP_UNITS: tuple[tuple[str, str, str, tuple[str, ...], int, int | None], ...] = (
    ("Servicekorpset", "841100", "Generelle offentlige tjenester", ("9112", "9313", "9333"), 8, 60),
    ("Plejecenter Lundegården", "871000", "Plejehjem", ("5321", "5322", "9412"), 140, None),
    ("Hjemmeplejen Ballerup", "881000", "Hjemmehjælp", ("5322", "5321", "8322"), 260, None),
    ("Vej og Park", "841100", "Generelle offentlige tjenester", ("9313", "8322", "9333"), 75, None),
    ("Rengøringsservice", "812100", "Almindelig rengøring i bygninger", ("9112",), 90, None),
    ("Madservice Ballerup", "562900", "Anden restaurationsvirksomhed", ("9412", "5120"), 35, None),
    (
        "Rådhuset, Borgerservice",
        "841100",
        "Generelle offentlige tjenester",
        ("4110", "4120"),
        120,
        None,
    ),
)

# Weighted vocabularies for citizens.
EDUCATION_BY_GROUP: dict[str, tuple[tuple[str, int], ...]] = {
    "default": (
        ("primary", 25),
        ("upper_secondary", 12),
        ("vocational", 35),
        ("short_higher", 8),
        ("medium_higher", 12),
        ("long_higher", 5),
        ("", 3),
    ),
    "weak": (
        ("primary", 55),
        ("upper_secondary", 8),
        ("vocational", 25),
        ("short_higher", 3),
        ("", 9),
    ),
    "young": (("primary", 70), ("upper_secondary", 22), ("vocational", 6), ("", 2)),
    "integration": (
        ("primary", 35),
        ("upper_secondary", 10),
        ("vocational", 10),
        ("medium_higher", 8),
        ("long_higher", 5),
        ("", 32),
    ),
}
# Native languages of citizens outside the integration programme who are not Danish native
# speakers, and of those in the programme (records language skills, never ethnicity).
OTHER_NATIVE_LANGUAGES = (
    ("pl", 5),
    ("ro", 3),
    ("lt", 2),
    ("tr", 4),
    ("ar", 3),
    ("de", 2),
    ("sv", 2),
    ("uk", 2),
    ("bs", 2),
    ("ur", 1),
    ("vi", 1),
    ("th", 1),
)
INTEGRATION_LANGUAGES = (
    ("ar", 18),
    ("uk", 16),
    ("ti", 10),
    ("so", 8),
    ("fa", 8),
    ("ku", 6),
    ("ps", 4),
    ("ur", 3),
    ("tr", 4),
    ("zh", 3),
    ("ta", 2),
    ("tl", 2),
    ("th", 2),
    ("ru", 3),
    ("es", 2),
)

# Demand areas a segment's job tracks are drawn from (weights).
AREAS_BY_GROUP: dict[str, tuple[tuple[str, int], ...]] = {
    "default": (
        ("care", 18),
        ("hotel", 12),
        ("cleaning", 10),
        ("warehouse", 18),
        ("construction", 10),
        ("retail", 14),
        ("office", 12),
        ("it", 6),
    ),
    "weak": (
        ("care", 15),
        ("hotel", 15),
        ("cleaning", 20),
        ("warehouse", 20),
        ("construction", 5),
        ("retail", 20),
        ("office", 5),
    ),
    "young": (
        ("hotel", 20),
        ("retail", 25),
        ("warehouse", 20),
        ("construction", 12),
        ("care", 10),
        ("it", 8),
        ("office", 5),
    ),
    "integration": (
        ("care", 25),
        ("hotel", 22),
        ("cleaning", 22),
        ("warehouse", 15),
        ("construction", 8),
        ("retail", 8),
    ),
}

JOB_GOALS = (
    "Jeg vil gerne arbejde som {title} igen, gerne tæt på hjemmet.",
    "Mit mål er et fast job som {title}.",
    "Jeg vil prøve kræfter med at være {title}, til at starte med på nedsat tid.",
    "Jeg drømmer om at blive {title} – jeg har erfaring fra tidligere.",
    "Jeg vil gerne i job som {title} og tjene mine egne penge.",
)
EDUCATION_GOALS = (
    "Jeg vil gerne starte på en erhvervsuddannelse.",
    "Jeg vil tage 9. og 10. klasses prøver på FGU og derefter en uddannelse.",
    "Jeg vil gerne søge ind på SOSU-uddannelsen.",
    "Jeg vil have danskuddannelse færdig og tage et AMU-kursus.",
    "Jeg vil gerne læse videre, men først have et fritidsjob.",
)
PLAN_STEPS = (
    "1. Opdatere CV og jobprofil. 2. Søge mindst fem stillinger om ugen. 3. Virksomhedspraktik.",
    "1. Afklare arbejdsevne i virksomhedspraktik. 2. Mentor ved opstart. 3. Flere timer gradvist.",
    "1. Samtale med virksomhedskonsulent. 2. Løntilskud i branchen. 3. Månedlig opfølgning.",
    "1. Danskundervisning. 2. Praktik i {area}. 3. Ansættelse med løntilskud.",
    "1. Delvis raskmelding. 2. Fastholdelsesplan med arbejdsgiver. 3. Fuld tilbagevenden.",
    "1. Lønnede timer ca. 10 timer om ugen. 2. Mentor. 3. Afklaring af fleksjob.",
)
AREA_LABELS = {
    "care": "ældreplejen",
    "hotel": "hotel og restaurant",
    "cleaning": "rengøring",
    "warehouse": "lager og transport",
    "construction": "byggeri",
    "retail": "detailhandel",
    "office": "kontor",
    "it": "IT",
}
CONVERSATION_NOTES: dict[str, tuple[str, ...]] = {
    "jobrettet": (
        "Drøftet jobsøgning og konkrete stillinger i lokalområdet.",
        "Gennemgået CV; aftalt at søge stillinger inden for {area}.",
        "Borger er motiveret; aftalt virksomhedspraktik inden næste samtale.",
        "Talt om muligheder for løntilskud og småjob.",
    ),
    "opfoelgning": (
        "Opfølgning på plan og aftalte skridt.",
        "Status på tilbud; borger trives i praktikken.",
        "Aftalt nye delmål i Min Plan.",
    ),
    "sygeopfoelgning": (
        "Status på sygemelding; plan for gradvis tilbagevenden drøftet.",
        "Fastholdelse: dialog med arbejdsgiver om delvis raskmelding.",
        "Revurdering: borger forventer at kunne arbejde flere timer om 4 uger.",
        "Opfølgning på aftale om nedsatte timer.",
    ),
    "faellessamtale": (
        "Fællessamtale med a-kassen om jobsøgning og rådighed.",
        "Fællessamtale: aftalt fokus på brancher med mangel på arbejdskraft.",
    ),
}
CONTACT_NOTES = (
    "Drøftet rekrutteringsbehov for det kommende halvår.",
    "Opfølgning på praktikforløb.",
    "Aftalt besøg og rundvisning for kandidater.",
    "Virksomheden ønsker kandidater til løntilskud.",
    "Orienteret om småjob og lønnede timer.",
    "Status på fleksjobansættelse.",
    "Dialog om rimelighedskrav og antal ordinært ansatte.",
    "Jobmesse-invitation sendt.",
)
