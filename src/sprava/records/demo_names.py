"""Words for the fictional demo data set: names, ranks and posts, and narrative fragments.

Common first names and surnames in (Belarusian, Russian, Latin) spellings, combined at random:
the people they make up are fictional. Ranks and posts follow each service's own system, so a
judge holds no militia rank and a colony's staff hold the ranks of the internal service. The
fragments are composed into incident narratives, act descriptions and testimonies: plausible in
shape, invented in every detail, and each record built from them says it is fictional.
"""

from __future__ import annotations

Spelling = tuple[str, str, str]

MALE_FIRST: list[Spelling] = [
    ("Аляксандр", "Александр", "Aliaksandr"), ("Сяргей", "Сергей", "Siarhei"),
    ("Дзмітрый", "Дмитрий", "Dzmitry"), ("Андрэй", "Андрей", "Andrei"),
    ("Мікалай", "Николай", "Mikalai"), ("Уладзімір", "Владимир", "Uladzimir"),
    ("Павел", "Павел", "Pavel"), ("Віктар", "Виктор", "Viktar"), ("Ігар", "Игорь", "Ihar"),
    ("Алег", "Олег", "Aleh"), ("Максім", "Максим", "Maksim"), ("Яўген", "Евгений", "Yauhen"),
    ("Раман", "Роман", "Raman"), ("Віталь", "Виталий", "Vital"), ("Юрый", "Юрий", "Yury"),
    ("Васіль", "Василий", "Vasil"), ("Аляксей", "Алексей", "Aliaksei"),
    ("Антон", "Антон", "Anton"), ("Ілья", "Илья", "Illia"), ("Алесь", "Алесь", "Ales"),
    ("Кірыл", "Кирилл", "Kiryl"), ("Ягор", "Егор", "Yahor"), ("Міхаіл", "Михаил", "Mikhail"),
    ("Ціхан", "Тихон", "Tsikhan"),
]

FEMALE_FIRST: list[Spelling] = [
    ("Вольга", "Ольга", "Volha"), ("Наталля", "Наталья", "Natallia"),
    ("Таццяна", "Татьяна", "Tatsiana"), ("Алена", "Елена", "Alena"),
    ("Ірына", "Ирина", "Iryna"), ("Святлана", "Светлана", "Sviatlana"),
    ("Марына", "Марина", "Maryna"), ("Ганна", "Анна", "Hanna"), ("Юлія", "Юлия", "Yulia"),
    ("Кацярына", "Екатерина", "Katsiaryna"), ("Вераніка", "Вероника", "Veranika"),
    ("Людміла", "Людмила", "Liudmila"), ("Дар'я", "Дарья", "Darya"),
    ("Надзея", "Надежда", "Nadzeya"), ("Ксенія", "Ксения", "Ksenia"),
    ("Марыя", "Мария", "Maryia"), ("Аксана", "Оксана", "Aksana"),
    ("Валянціна", "Валентина", "Valiantsina"),
]

# (male Belarusian, male Russian, male Latin, female Belarusian, female Russian, female Latin)
Surname = tuple[str, str, str, str, str, str]

# The search page's hint names this surname as its example (Лукашэнка, Лукашенко and Lukashenko
# find the same person), so the demo has people of that name, and none of them bears a first
# name that, with it, would be a real and well-known person's (NOT_WITH_LUKASHENKA).
LUKASHENKA: Surname = ("Лукашэнка", "Лукашенко", "Lukashenka", "Лукашэнка", "Лукашенко",
                       "Lukashenka")

SURNAMES: list[Surname] = [
    ("Іваноў", "Иванов", "Ivanou", "Іванова", "Иванова", "Ivanova"),
    ("Кавалёў", "Ковалёв", "Kavaliou", "Кавалёва", "Ковалёва", "Kavaliova"),
    ("Навіцкі", "Новицкий", "Navitski", "Навіцкая", "Новицкая", "Navitskaya"),
    ("Шаўчук", "Шевчук", "Shauchuk", "Шаўчук", "Шевчук", "Shauchuk"),
    ("Лукашэвіч", "Лукашевич", "Lukashevich", "Лукашэвіч", "Лукашевич", "Lukashevich"),
    ("Мельнік", "Мельник", "Melnik", "Мельнік", "Мельник", "Melnik"),
    ("Казлоў", "Козлов", "Kazlou", "Казлова", "Козлова", "Kazlova"),
    ("Бондар", "Бондарь", "Bondar", "Бондар", "Бондарь", "Bondar"),
    ("Ткачук", "Ткачук", "Tkachuk", "Ткачук", "Ткачук", "Tkachuk"),
    ("Жукаў", "Жуков", "Zhukau", "Жукава", "Жукова", "Zhukava"),
    ("Сідарэвіч", "Сидоревич", "Sidarevich", "Сідарэвіч", "Сидоревич", "Sidarevich"),
    ("Кузьміч", "Кузьмич", "Kuzmich", "Кузьміч", "Кузьмич", "Kuzmich"),
    ("Крывіцкі", "Кривицкий", "Kryvitski", "Крывіцкая", "Кривицкая", "Kryvitskaya"),
    ("Новік", "Новик", "Novik", "Новік", "Новик", "Novik"),
    ("Пашкевіч", "Пашкевич", "Pashkevich", "Пашкевіч", "Пашкевич", "Pashkevich"),
    ("Марозаў", "Морозов", "Marozau", "Марозава", "Морозова", "Marozava"),
    ("Васілеўскі", "Василевский", "Vasileuski", "Васілеўская", "Василевская", "Vasileuskaya"),
    ("Ярмоленка", "Ермоленко", "Yarmolenka", "Ярмоленка", "Ермоленко", "Yarmolenka"),
    ("Сакалоў", "Соколов", "Sakalou", "Сакалова", "Соколова", "Sakalova"),
    ("Дубовік", "Дубовик", "Dubovik", "Дубовік", "Дубовик", "Dubovik"),
    ("Грынкевіч", "Гринкевич", "Hrynkevich", "Грынкевіч", "Гринкевич", "Hrynkevich"),
    ("Левановіч", "Леванович", "Levanovich", "Левановіч", "Леванович", "Levanovich"),
    ("Капуста", "Капуста", "Kapusta", "Капуста", "Капуста", "Kapusta"),
    ("Шыла", "Шило", "Shyla", "Шыла", "Шило", "Shyla"),
    ("Станкевіч", "Станкевич", "Stankevich", "Станкевіч", "Станкевич", "Stankevich"),
    ("Рабцаў", "Рябцов", "Rabtsau", "Рабцава", "Рябцова", "Rabtsava"),
    ("Зайцаў", "Зайцев", "Zaitsau", "Зайцава", "Зайцева", "Zaitsava"),
    ("Трафімаў", "Трофимов", "Trafimau", "Трафімава", "Трофимова", "Trafimava"),
    LUKASHENKA,
]
NOT_WITH_LUKASHENKA = frozenset({"Аляксандр", "Віктар", "Дзмітрый", "Мікалай"})


# --- Ranks and posts, per service -------------------------------------------------------------
# Each service has its own system of ranks: militia ranks in the Ministry of Internal Affairs,
# ranks of the internal service in its Department of Corrections (prisons and colonies),
# military ranks in the KGB and in the army and internal troops, ranks "of justice" in the
# Investigative Committee, class ranks for prosecutors; judges and ministry officials hold none.
# Lowest first: a head of a unit draws from the upper part of the list.

RANKS: dict[str, list[str]] = {
    "militia": ["Sergeant of militia", "Senior sergeant of militia", "Ensign of militia",
                "Lieutenant of militia", "Senior lieutenant of militia", "Captain of militia",
                "Major of militia", "Lieutenant colonel of militia", "Colonel of militia"],
    "prison": ["Sergeant of the internal service", "Ensign of the internal service",
               "Lieutenant of the internal service", "Senior lieutenant of the internal service",
               "Captain of the internal service", "Major of the internal service",
               "Lieutenant colonel of the internal service", "Colonel of the internal service"],
    "kgb": ["Lieutenant", "Senior lieutenant", "Captain", "Major", "Lieutenant colonel",
            "Colonel"],
    "military": ["Private", "Junior sergeant", "Sergeant", "Lieutenant", "Senior lieutenant",
                 "Captain", "Major", "Lieutenant colonel", "Colonel"],
    "investigation": ["Lieutenant of justice", "Senior lieutenant of justice",
                      "Captain of justice", "Major of justice", "Lieutenant colonel of justice",
                      "Colonel of justice"],
    "prosecution": ["Lawyer of the third class", "Lawyer of the second class",
                    "Lawyer of the first class", "Junior counsellor of justice",
                    "Counsellor of justice", "Senior counsellor of justice"],
    "court": [],
    "ministry": [],
}

# Posts per kind of unit: (title, whether the post gives command or authority over the unit).
POSTS: dict[str, list[tuple[str, bool]]] = {
    "special-unit": [("Officer of the special unit", False), ("Squad commander", False),
                     ("Platoon commander", False), ("Company commander", True),
                     ("Deputy commander of the unit", True), ("Commander of the unit", True)],
    "militia": [("District inspector", False), ("Operative", False), ("Senior operative", False),
                ("Duty officer", False), ("Deputy head of department", True),
                ("Head of department", True)],
    "militia-detention": [("Guard of the detention centre", False),
                          ("Duty officer of the detention centre", False),
                          ("Deputy head of the detention centre", True),
                          ("Head of the detention centre", True)],
    "colony": [("Inspector of the security department", False),
               ("Head of a detachment", False), ("Operative of the operational department", False),
               ("Head of the medical unit", False),
               ("Deputy head for security and regime", True), ("Head of the colony", True)],
    "prison": [("Controller", False), ("Inspector of the security department", False),
               ("Operative of the operational department", False),
               ("Deputy head for security and regime", True), ("Head of the prison", True)],
    "sizo": [("Controller", False), ("Inspector of the security department", False),
             ("Operative of the operational department", False),
             ("Deputy head of the pre-trial detention centre", True),
             ("Head of the pre-trial detention centre", True)],
    "corrections": [("Senior inspector", False), ("Deputy head of the department", True)],
    "kgb": [("Operative", False), ("Senior operative", False), ("Investigator", False),
            ("Senior investigator", False), ("Head of department", True),
            ("Deputy head of directorate", True)],
    "alpha": [("Officer of the Alpha unit", False), ("Group commander", True)],
    "kgb-detention": [("Controller of the detention centre", False),
                      ("Head of the detention centre", True)],
    "military": [("Serviceman", False), ("Squad leader", False), ("Platoon commander", False),
                 ("Company commander", True), ("Battalion commander", True)],
    "investigation": [("Investigator", False), ("Senior investigator", False),
                      ("Investigator for particularly important cases", False),
                      ("Head of the investigation department", True)],
    "prosecution": [("Assistant prosecutor", False), ("Senior assistant prosecutor", False),
                    ("Deputy prosecutor", True), ("Prosecutor", True)],
    "court": [("Judge", False), ("Judge", False), ("Judge", False),
              ("Deputy chair of the court", True), ("Chair of the court", True)],
    "ministry": [("Chief specialist", False), ("Head of department", True),
                 ("Deputy minister", True)],
}

# --- Act descriptions: what happened to the victim, per act type ------------------------------

ACTS: dict[str, list[str]] = {
    "arbitrary-arrest": [
        "Detained by officers without insignia while walking home; no reason was given.",
        "Pushed into an unmarked minibus {where} and driven away without explanation.",
        "Taken from a queue at a shop {where}; the officers named no charge.",
        "Detained at about {hour}:00 on leaving work; the arrest report gave a different "
        "place and time.",
    ],
    "administrative-arrest": [
        "Sentenced to {days} days of administrative arrest for \"taking part in an unauthorised "
        "event\" after a hearing of a few minutes.",
        "Given {days} days of arrest by a judge who heard the case by video link; the only "
        "witness was an officer under a false name.",
        "Sentenced to {days} days of arrest without a lawyer; the record of the hearing names "
        "no defence.",
    ],
    "detention": [
        "Held in custody on a criminal charge of \"participation in mass riots\".",
        "Remanded in custody for two months; the remand was extended {times} times.",
        "Held in pre-trial detention on a charge of \"insulting a representative of the "
        "authorities\".",
    ],
    "political-conviction": [
        "Sentenced to {years} years of imprisonment in a closed hearing for comments in a chat.",
        "Convicted of \"gross violation of public order\" for joining a march; {years} years in "
        "a colony.",
        "Sentenced to {years} years for donations to a solidarity fund; the hearing was "
        "closed to relatives.",
        "Convicted of \"creating an extremist formation\" for running a neighbourhood chat; "
        "{years} years.",
    ],
    "trial-in-absentia": [
        "Tried in absentia under \"special proceedings\" and sentenced to {years} years.",
        "Sentenced in absentia to {years} years; relatives learned of it from the court's "
        "website.",
    ],
    "incommunicado-detention": [
        "No letter, call or visit has reached the family for {months} months.",
        "The lawyer was refused every visit for {months} months; letters come back unopened.",
        "Held without any contact with the outside world since the last transfer.",
    ],
    "refusal-to-disclose-whereabouts": [
        "Relatives asking at the gate were told there was no such person held there.",
        "The authorities declined to say where the detainee was held or whether they were "
        "alive.",
        "Written requests from the family went unanswered for {months} months.",
    ],
    "enforced-disappearance": [
        "Taken from the cell at night; the authorities deny holding the prisoner and have "
        "given no information since.",
        "Transferred to an unknown place; no authority acknowledges holding the prisoner.",
    ],
    "beating": [
        "Beaten with batons on the legs and back while forced to kneel in the yard.",
        "Kicked and beaten on the head in the minibus after detention; bruises recorded "
        "later by a doctor.",
        "Made to lie face down on the floor and beaten whenever they raised their head.",
        "Beaten by several officers in a corridor they called the \"corridor of shame\".",
    ],
    "torture": [
        "Beaten for hours to force them to unlock their phone; {injury}",
        "Held in a stress position against the wall for hours and beaten when they fell; "
        "{injury}",
        "Threatened with a taser and beaten in a room without cameras; {injury}",
    ],
    "sexual-violence": [
        "Forced to undress in front of officers and threatened with rape.",
        "Subjected to humiliating searches in front of other detainees and threatened with "
        "sexual violence.",
    ],
    "threats": [
        "Told that their children would be taken into state care.",
        "Threatened with a long sentence unless they named the organisers.",
        "Told they would \"not leave alive\" if they spoke about what they saw.",
    ],
    "forced-confession": [
        "Filmed reading a prepared \"repentance\" statement after a night of interrogation.",
        "Made to record a video naming other protesters; it was published the next day.",
        "Forced to sign a confession without reading it.",
    ],
    "inhumane-conditions": [
        "Held with {cellmates} others in a cell built for four, without beds or water.",
        "Kept in a cell with the window open at night in the cold and no bedding.",
        "Given no food for two days and water only once a day.",
        "Held in a cell lit around the clock, with no access to a toilet for hours.",
    ],
    "punitive-isolation": [
        "Placed in the punishment cell (SHIZO) {times} times in a row for \"violations\" such "
        "as an unbuttoned collar.",
        "Moved to the cell-type premises (PKT) for {months} months.",
        "Held in the punishment cell without warm clothing and without letters.",
    ],
    "denial-of-medical-care": [
        "Denied treatment for a chronic illness; medicines sent by the family were withheld.",
        "A request for a doctor after a beating was refused for {days} days.",
        "Denied an operation the colony doctor had recommended.",
    ],
    "denial-of-counsel": [
        "The lawyer was not admitted for the first {days} days.",
        "Questioned without a lawyer; the lawyer chosen by the family was not admitted.",
        "The defence lawyer was disbarred shortly before the trial.",
    ],
    "forced-exile": [
        "Left Belarus after a summons to the KGB and the search of a relative's flat.",
        "Crossed the border on foot after being told of a criminal case against them.",
        "Forced to leave the country with their children after threats of arrest.",
    ],
    "deprivation-of-citizenship": [
        "Deprived of Belarusian citizenship by decree while abroad.",
        "Told at a consulate that their citizenship had been withdrawn.",
    ],
    "travel-ban": [
        "Refused a new passport at a consulate abroad and told to return to Belarus.",
        "Banned from leaving the country; turned back at the border without explanation.",
    ],
    "search": [
        "Flat searched at {hour}:00 in the morning; phones, laptops and a white-red-white "
        "flag were taken.",
        "House searched while the family was held in the kitchen; books and leaflets were "
        "seized.",
        "Office searched for six hours; computers and documents were taken.",
    ],
    "confiscation": [
        "Car and savings seized to \"secure the damage\" under the criminal case.",
        "Flat arrested by the investigator; the family was told it would be confiscated.",
        "Equipment of a small business seized and not returned after the case closed.",
    ],
    "fine": [
        "Fined for a flag in the window of their flat.",
        "Fined for a post on social media the court called \"extremist materials\".",
    ],
    "dismissal": [
        "Dismissed from work after signing an open letter against violence.",
        "Contract not renewed after the management received a letter from the KGB.",
        "Dismissed for \"absence\" on the days they were held in detention.",
    ],
    "expulsion-from-education": [
        "Expelled from university for taking part in a student strike.",
        "Expelled in the final year after a photograph from a march reached the dean.",
    ],
    "disbarment": [
        "Disbarred after defending clients in political cases.",
        "Licence to practise law withdrawn after a \"qualification commission\" hearing.",
    ],
    "liquidation-of-organisation": [
        "The organisation they led was liquidated by a court on the Ministry of Justice's "
        "claim.",
        "Their registered association was dissolved; its property went to the state.",
    ],
    "extremist-designation": [
        "Their channel was listed as \"extremist materials\"; subscribers were fined.",
        "Placed on the list of \"persons involved in extremist activity\".",
        "Their local news site was declared an \"extremist formation\".",
    ],
    "pressure-on-relatives": [
        "Parents were questioned at home and warned about their son's \"activity\".",
        "A sister was dismissed from work after officers visited her employer.",
        "The family was summoned to the police {times} times in one month.",
    ],
}

# What the account of an act rests on; appended to its description. Of someone in custody then,
# other detainees may speak too; of someone still held, only others can.
SOURCES = [
    "From the victim's own account.",
    "Recorded by the demo team in an interview.",
    "From the victim's written statement.",
    "The date and place come from the victim's account.",
    "Confirmed by a second witness.",
]
CUSTODY_SOURCES = [
    "Described by the victim and by a cellmate.",
    "Corroborated by two other detainees.",
    "A medical certificate is described in the file.",
]
STILL_HELD_SOURCES = [
    "A relative's account; the victim could not be interviewed.",
    "From the account of a former cellmate, since released.",
    "From what the lawyer was able to learn.",
]

INJURIES = [
    "a doctor later recorded a broken rib.",
    "bruises covering the back were photographed on release.",
    "the victim lost consciousness twice.",
    "a concussion was diagnosed after release.",
]

# --- Incident narratives ----------------------------------------------------------------------

# "{where}" is the place with its preposition: "in Lida, by the railway station".
OPENINGS = [
    "On {date} {where}, the following took place.",
    "What follows happened on {date} {where}.",
    "The events of {date} {where} are known from several accounts.",
    "Those affected describe {date} {where} in similar terms.",
    "According to the people interviewed, on {date} {where}:",
]

CLOSINGS = [
    "No investigation into the officials' conduct is known to have been opened.",
    "Complaints to the prosecutor's office were answered with a form letter.",
    "The account rests on interviews held after those affected had left Belarus.",
    "Several of those affected later gave written statements.",
    "The officials named in the accounts remain in their posts.",
    "Independent media reported the events at the time; the reports are not in the file.",
    "Documents described by those affected have not yet been obtained.",
    "The demo team has not been able to speak to everyone affected.",
]

# Spots in Minsk where incidents of August 2020 are placed (the place detail of an incident).
MINSK_SPOTS = [
    "near the Stela on Pieramozhcau Avenue", "at the Pushkinskaja metro station",
    "on Niezalezhnasci Avenue", "by the Niamiha metro station", "near the Riga shopping centre",
    "in Kiyeuski skver", "at the Kamarouski market", "on Kalvaryjskaja street",
]

TOWN_SPOTS = [
    "in the town centre", "by the railway station", "in a residential district",
    "at the district executive committee", "near the central square", "at a private house",
]

# --- Testimonies: (Belarusian, Russian, English) ----------------------------------------------

Words = tuple[str, str, str]

TESTIMONY_OPENINGS: list[Words] = [
    ("Выдуманае сведчанне дэма-набору.", "Вымышленное свидетельство демо-набора.",
     "Fictional testimony of the demo data set."),
    ("Выдуманае сведчанне: усе імёны і падрабязнасці прыдуманыя.",
     "Вымышленное свидетельство: все имена и подробности придуманы.",
     "Fictional testimony: all names and details are invented."),
]

# Per demo case: what a victim says, and what a witness or relative says.
TESTIMONIES: dict[str, dict[str, list[Words]]] = {
    "demo-akrestsina-2020": {
        "victim": [
            ("Нас паставілі на калені ў двары і білі дубінкамі.",
             "Нас поставили на колени во дворе и били дубинками.",
             "They made us kneel in the yard and beat us with batons."),
            ("У камеры на чатырох чалавек нас было больш за трыццаць.",
             "В камере на четырёх человек нас было больше тридцати.",
             "There were more than thirty of us in a cell for four."),
            ("Вады нам не давалі амаль суткі.",
             "Воды нам не давали почти сутки.",
             "We were given no water for almost a day."),
            ("Суд ішоў пяць хвілін, адвоката не было.",
             "Суд шёл пять минут, адвоката не было.",
             "The hearing lasted five minutes; there was no lawyer."),
        ],
        "witness": [
            ("Я бачыла, як людзей кідалі ў аўтобус без нумароў.",
             "Я видела, как людей бросали в автобус без номеров.",
             "I saw people thrown into a bus without number plates."),
            ("Мы стаялі каля брамы тры дні, і нам нічога не казалі.",
             "Мы стояли у ворот три дня, и нам ничего не говорили.",
             "We stood at the gate for three days and were told nothing."),
            ("Ноччу з-за сцяны былі чутныя крыкі.",
             "Ночью из-за стены были слышны крики.",
             "At night we could hear screams from behind the wall."),
        ],
    },
    "demo-political-prisoners": {
        "victim": [
            ("Следчы сказаў, што я выйду, толькі калі запішу відэа.",
             "Следователь сказал, что я выйду, только если запишу видео.",
             "The investigator said I would only get out if I recorded a video."),
            ("У калоніі мне прышылі жоўтую бірку.",
             "В колонии мне пришили жёлтую бирку.",
             "In the colony they sewed a yellow tag on my uniform."),
            ("Я правёў у ШІЗА больш за сто дзён.",
             "Я провёл в ШИЗО больше ста дней.",
             "I spent more than a hundred days in the punishment cell."),
            ("Суд быў закрыты, нават маці не пусцілі.",
             "Суд был закрытым, даже маму не пустили.",
             "The hearing was closed; not even my mother was let in."),
        ],
        "witness": [
            ("Пасля ператрусу ў нас забралі ўсе тэлефоны.",
             "После обыска у нас забрали все телефоны.",
             "After the search they took all our phones."),
            ("Лісты ад яго прыходзяць раз на некалькі месяцаў.",
             "Письма от него приходят раз в несколько месяцев.",
             "His letters arrive once every few months."),
            ("Лекі, якія мы перадавалі, да яго не дайшлі.",
             "Лекарства, которые мы передавали, до него не дошли.",
             "The medicines we sent never reached him."),
        ],
    },
    "demo-disappearances": {
        "victim": [
            ("Мне не казалі, які дзень, і не давалі пісаць лісты.",
             "Мне не говорили, какой день, и не давали писать письма.",
             "They did not tell me what day it was and let me write no letters."),
            ("Адваката я не бачыў больш за год.",
             "Адвоката я не видел больше года.",
             "I did not see a lawyer for more than a year."),
        ],
        "witness": [
            ("Ад мужа няма ніякіх вестак ужо больш за год.",
             "От мужа нет никаких вестей уже больше года.",
             "There has been no news of my husband for more than a year."),
            ("Адміністрацыя калоніі адказвае, што звестак не дае.",
             "Администрация колонии отвечает, что сведений не даёт.",
             "The colony's administration answers that it gives no information."),
            ("Адвакат прыязджаў пяць разоў, і ні разу яго не пусцілі.",
             "Адвокат приезжал пять раз, и ни разу его не пустили.",
             "The lawyer came five times and was never let in."),
            ("Мы нават не ведаем, ці жывы ён.",
             "Мы даже не знаем, жив ли он.",
             "We do not even know whether he is alive."),
        ],
    },
    "demo-exile": {
        "victim": [
            ("Пасля выкліку ў КДБ я з'ехала за тры дні.",
             "После вызова в КГБ я уехала за три дня.",
             "After the summons to the KGB I left within three days."),
            ("Нашу арганізацыю ліквідавалі, а нас абвясцілі экстрэмістамі.",
             "Нашу организацию ликвидировали, а нас объявили экстремистами.",
             "Our organisation was liquidated and we were declared extremists."),
            ("Мяне звольнілі праз тыдзень пасля подпісу пад лістом.",
             "Меня уволили через неделю после подписи под письмом.",
             "I was dismissed a week after signing the letter."),
        ],
        "witness": [
            ("Да бацькоў прыходзілі з ператрусам, калі сына ўжо не было ў краіне.",
             "К родителям приходили с обыском, когда сына уже не было в стране.",
             "They came to search the parents' flat when the son had already left the "
             "country."),
            ("Яе асудзілі завочна, а кватэру арыштавалі.",
             "Её осудили заочно, а квартиру арестовали.",
             "She was convicted in absentia and her flat was seized."),
            ("Пасля навіны ў нашай газеце ўсіх падпісчыкаў выклікалі ў міліцыю.",
             "После новости в нашей газете всех подписчиков вызвали в милицию.",
             "After a story in our paper every subscriber was summoned to the police."),
        ],
    },
}
