"""Known answers for alignment: UN-worded recommendations and the agency-worded
actions that answer them, in different words, among distractors.

Each pair: (recommendation text, issue short names, action title, action
description). The recommendations are in the style of treaty-body concluding
observations; the actions in the style of a New Zealand agency's work
programme. The distractors are actions on neighbouring subjects, so that a
word in common is not enough.
"""

PAIRS = [
    (
        "The Committee recommends that the State party reduce the number of "
        "persons held in pre-trial detention and ensure that remand prisoners "
        "are separated from convicted prisoners.",
        ["Detention"],
        "Bail and remand reform",
        "Corrections will cut the remand population in prisons and keep people "
        "awaiting trial apart from sentenced people in custody.",
    ),
    (
        "Take measures to eliminate the gender pay gap and ensure equal "
        "remuneration for work of equal value, particularly for Māori and "
        "Pasifika women.",
        ["Women"],
        "Pay equity for wāhine Māori and Pacific women",
        "Close the difference in wages between men and women through pay "
        "transparency rules and pay equity claims in female-dominated sectors.",
    ),
    (
        "Ensure that persons with disabilities have access to inclusive "
        "education in mainstream schools with reasonable accommodation.",
        ["Education"],
        "Inclusive schooling for disabled students",
        "Learning support coordinators in every school so that disabled "
        "children learn alongside their peers in local schools.",
    ),
    (
        "The State party should prohibit the use of seclusion and restraint "
        "of persons in mental health facilities.",
        ["Health"],
        "Reducing restrictive practices in psychiatric wards",
        "Health New Zealand will phase out isolation rooms and physical "
        "restraints in inpatient mental health services by 2027.",
    ),
    (
        "Adopt a comprehensive strategy to combat family violence and sexual "
        "violence against women and girls, and ensure access to shelters.",
        ["Violence"],
        "Te Aorerekura: national strategy on family and sexual violence",
        "A 25-year plan to end family violence and sexual violence, with "
        "more safe houses and specialist services for wāhine and tamariki.",
    ),
    (
        "Raise the minimum age of criminal responsibility to at least 14 years "
        "and end the detention of children in police cells.",
        ["Children"],
        "Youth justice: keeping tamariki out of police custody",
        "Oranga Tamariki will provide remand homes so that young people are "
        "no longer held overnight in police stations, and advise on the age of "
        "criminal responsibility.",
    ),
    (
        "Ensure adequate and affordable housing for all and address the "
        "growing number of homeless persons, in particular Māori families.",
        ["Housing"],
        "Homelessness Action Plan",
        "Kāinga Ora and Housing and Urban Development will build public "
        "homes and fund emergency accommodation and support for whānau "
        "without a home.",
    ),
    (
        "Establish an independent mechanism to investigate complaints of "
        "torture and ill-treatment by law enforcement officials.",
        ["Torture"],
        "Independent Police Conduct Authority investigations",
        "Strengthen the Authority's independent oversight of police officers, "
        "with investigations of complaints about excessive force and "
        "mistreatment.",
    ),
    (
        "Protect the rights of migrant workers, in particular in the "
        "agriculture and construction sectors, against labour exploitation.",
        ["Employment"],
        "Migrant exploitation protection visa and workplace inspections",
        "MBIE labour inspectors will target employers of temporary workers on "
        "farms and building sites, and exploited migrants can change employer.",
    ),
    (
        "Take measures to revitalize the Māori language and ensure that "
        "children can be educated in te reo Māori.",
        ["Culture"],
        "Maihi Karauna: the Crown's strategy for te reo Māori revitalisation",
        "More Māori-medium kura and kōhanga reo places, and te reo Māori "
        "teachers trained, so that a million people speak basic te reo by 2040.",
    ),
]

# Actions a lead agency could confuse with the answers above.
DISTRACTORS = [
    (
        "Prison education and training",
        "Corrections offers literacy and trade training to people serving sentences.",
    ),
    (
        "Gender balance on public boards",
        "Women to hold half of the seats on state sector boards and committees.",
    ),
    (
        "Accessible public transport",
        "Buses and trains usable by disabled "
        "passengers, with audio and visual announcements.",
    ),
    (
        "Suicide prevention action plan",
        "Community programmes and crisis lines for people in mental distress.",
    ),
    (
        "Online harm and child safety",
        "Age checks and reporting tools against "
        "online sexual exploitation of children.",
    ),
    (
        "School lunches programme",
        "Free healthy lunches in schools serving children from low-income families.",
    ),
    (
        "Rental standards",
        "Healthy homes standards for heating, insulation "
        "and ventilation in rental properties.",
    ),
    (
        "Police firearms register",
        "A register of firearms and licence holders kept by a new regulator.",
    ),
    (
        "Minimum wage review",
        "The minimum wage is reviewed each year against living costs and employment.",
    ),
    (
        "Pacific languages strategy",
        "Support for Samoan, Tongan and other Pacific languages in early learning.",
    ),
    (
        "Climate adaptation plan",
        "Councils plan for rising seas and floods with iwi and communities.",
    ),
    (
        "Court waiting times",
        "More judges and digital hearings to shorten "
        "the time to trial in the District Court.",
    ),
]
