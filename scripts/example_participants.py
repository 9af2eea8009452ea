"""Write the example programme's matching input: content/cohorts/pilot/participants.csv.

Input: nothing (the people are fictional and listed below; a seeded generator picks their
skills and free slots). Output: the same participants.csv bytes on every run.

The pilot has 12 mentors and 11 mentees applying, plus managers (role none) so reporting
lines are complete: `playbook match pilot --as-of 2026-01-05` makes 10 pairs and explains
why the other applicants stay without a pair.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.matching.participants import COLUMNS

TARGET = Path(__file__).resolve().parent.parent / "content" / "cohorts" / "pilot" / "participants.csv"
# The intake survey's options (program.yaml, surveys: intake).
DIGITAL = ("collaboration-tools", "data-literacy", "social-media", "ai-tools", "inclusion")
SLOTS = tuple(f"{day}-{part}" for day in ("mon", "tue", "wed", "thu", "fri") for part in ("am", "pm"))
WAYS = ("video", "in-person", "chat")

# name, role, level, department, manager id, timezone, languages, capacity
PEOPLE = (
    ("Morgan Hale", "none", "executive", "Executive", "", "Europe/London", "en", 1),
    ("Priya Raman", "mentee", "director", "Operations", "morgan-hale", "Europe/London", "en", 1),
    ("Tomasz Nowak", "mentee", "director", "Sales", "morgan-hale", "Europe/Warsaw", "en|pl", 1),
    ("Helen Brooks", "mentee", "director", "Finance", "morgan-hale", "Europe/London", "en", 1),
    ("Ian Fletcher", "mentee", "manager", "Operations", "priya-raman", "Europe/London", "en", 1),
    ("Aisha Khan", "mentee", "manager", "Sales", "tomasz-nowak", "Europe/London", "en", 1),
    ("Marta Zielinska", "mentee", "manager", "Logistics", "priya-raman", "Europe/Warsaw", "pl|en", 1),
    ("Graham Doyle", "mentee", "manager", "Retail", "priya-raman", "Europe/London", "en", 1),
    ("Fiona Grant", "mentee", "director", "People", "morgan-hale", "Europe/London", "en", 1),
    ("Omar Haddad", "mentee", "director", "Technology", "morgan-hale", "Europe/London", "en", 1),
    ("Carmen Ruiz", "mentee", "manager", "Customer Service", "helen-brooks", "Europe/Madrid", "es|en", 1),
    ("Joana Pereira", "mentee", "director", "Manufacturing", "morgan-hale", "Europe/Lisbon", "pt", 1),
    ("Dev Malhotra", "none", "professional", "Operations", "ian-fletcher", "Europe/London", "en", 1),
    ("Rosa Lima", "none", "professional", "Retail", "graham-doyle", "Europe/London", "en", 1),
    ("Jordan Ellis", "mentor", "early-career", "Operations", "dev-malhotra", "Europe/London", "en", 1),
    ("Kemi Adeyemi", "mentor", "early-career", "Retail", "rosa-lima", "Europe/London", "en", 2),
    ("Lena Kowalska", "mentor", "early-career", "Logistics", "marta-zielinska", "Europe/Warsaw", "pl|en", 1),
    ("Sam Okafor", "mentor", "early-career", "Customer Service", "carmen-ruiz", "Europe/London", "en", 1),
    ("Ruby Chen", "mentor", "professional", "Technology", "omar-haddad", "Europe/London", "en", 1),
    ("Noah Williams", "mentor", "early-career", "Sales", "aisha-khan", "Europe/London", "en", 1),
    ("Maya Singh", "mentor", "early-career", "Finance", "helen-brooks", "Europe/London", "en", 1),
    ("Leo Martin", "mentor", "early-career", "Retail", "rosa-lima", "Europe/Madrid", "es|en", 1),
    ("Zofia Wrobel", "mentor", "early-career", "Sales", "tomasz-nowak", "Europe/Warsaw", "pl|en", 1),
    ("Ethan Clarke", "mentor", "professional", "People", "fiona-grant", "Europe/London", "en", 1),
    ("Hana Yusuf", "mentor", "early-career", "Operations", "dev-malhotra", "Europe/London", "en", 1),
    ("Oliver Reid", "mentor", "early-career", "Technology", "omar-haddad", "Europe/London", "en", 1),
)


def slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def picks(generator: random.Random, choices: tuple[str, ...], low: int, high: int) -> str:
    chosen = generator.sample(choices, generator.randint(low, high))
    return "|".join(sorted(chosen, key=choices.index))


def row(person: tuple[str, str, str, str, str, str, str, int], generator: random.Random) -> dict[str, str]:
    name, role, level, department, manager, timezone, languages, capacity = person
    values = {
        "id": slug(name),
        "name": name,
        "email": f"{slug(name).replace('-', '.')}@northwind.example",
        "role": role,
        "level": level,
        "department": department,
        "manager_id": manager,
        "timezone": timezone,
        "languages": languages,
        "capacity": str(capacity),
    }
    if role == "none":
        return values | dict.fromkeys(("skills_offered", "learning_goals", "meeting_preferences", "availability"), "")
    mentor = role == "mentor"
    return values | {
        "skills_offered": picks(generator, DIGITAL, 2, 4) if mentor else "",
        "learning_goals": picks(generator, ("leadership",), 0, 1) if mentor else picks(generator, DIGITAL, 1, 3),
        "meeting_preferences": picks(generator, WAYS, 1, 3),
        "availability": picks(generator, SLOTS, 2, 5),
    }


def participants_csv() -> str:
    generator = random.Random(2026)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row(person, generator) for person in PEOPLE)
    return buffer.getvalue()


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(participants_csv(), encoding="utf-8")
    print(f"Wrote {TARGET.relative_to(TARGET.parents[3])}")
