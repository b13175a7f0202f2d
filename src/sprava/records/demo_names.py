"""Name parts for the fictional demo data set: (Belarusian, Russian, Latin) spellings.

Common first names and surnames, combined at random: the people they make up are fictional.
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
SURNAMES: list[tuple[str, str, str, str, str, str]] = [
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
]

RANKS = ["Lieutenant", "Senior Lieutenant", "Captain", "Major", "Lieutenant Colonel", "Colonel"]
TITLES = ["Officer", "Deputy head of unit", "Head of unit", "Investigator", "Judge",
          "Head of detention centre", "Senior operative", "Duty officer"]
