"""The demo's topic catalogue, read by ``topics.parse_catalogue``.

One block per topic: ``[key] BODY BODY…``, then ``tags: issues | affected groups |
SDG numbers`` (short names separated by ``;``), ``agencies`` (codes; the first
coordinates), ``clause: short title = clause`` (a verb in the infinitive),
``action: lead agency = title``, ``outcome`` and ``measure``. An indented line
continues the one above.
"""

CATALOGUE = """
[justice-maori] UPR CERD CAT
tags: Criminal justice; Indigenous rights; Equality | Māori; Liberty | 10 16
agencies: MoJ Corrections Police TPK
clause: Māori in the justice system = reduce the over-representation of Māori in the
    criminal justice system
clause: Bias in the justice system = address structural bias against Māori in
    policing, prosecution and sentencing
clause: Kaupapa Māori justice = expand kaupapa Māori and whānau-centred alternatives
    to imprisonment
action: MoJ = Expand Te Ao Mārama across the District Court
action: Corrections = Kaupapa Māori rehabilitation pathways in prisons
action: MoJ = Review of bail and remand settings
outcome: Fewer Māori enter, and return to, the criminal justice system.
measure: Proportion of Māori in the remand population

[detention] CAT UPR
tags: Liberty & security; Integrity; Criminal justice | Liberty | 16
agencies: Corrections MoJ MoH
clause: Conditions of detention = improve conditions of detention and end the use of
    prolonged solitary confinement
clause: Independent monitoring of detention = ensure that all places of detention
    are independently monitored under the Optional Protocol to the Convention
    against Torture
clause: Seclusion and restraint = end the use of seclusion and restraint in health
    and disability settings
action: Corrections = Reduce the use of segregation in prisons
action: MoJ = Resourcing of the National Preventive Mechanisms
action: MoH = Seclusion and restraint elimination programme
outcome: Every person deprived of liberty is treated with humanity and dignity.
measure: Prisoners held in segregation for more than 15 days

[abuse-in-care] UPR CAT CRC CRPD
tags: Remedy; Integrity; Children (rights of) | Children; Disabilities; Māori | 16
agencies: CRU MSD MoH
clause: Royal Commission on Abuse in Care = implement the recommendations of the
    Royal Commission of Inquiry into Abuse in Care
clause: Redress for survivors = establish an independent and survivor-led redress
    scheme for abuse in state and faith-based care
action: CRU = Government response to the Royal Commission of Inquiry into Abuse in
    Care
action: CRU = Independent redress system for survivors of abuse in care
action: MSD = Safeguarding standards for people in care
outcome: Survivors receive timely redress and nobody in care is abused again.
measure: Survivors who have received a redress payment

[family-violence] UPR CRC
tags: Women & girls; Integrity; Family | Women; Children; Rural | 5 16
agencies: TPA MSD Police MoJ
clause: Te Aorerekura = implement Te Aorerekura, the national strategy to eliminate
    family violence and sexual violence
clause: Support for victims = strengthen support services for victims of family
    violence and sexual violence, particularly in rural areas
clause: Accountability of perpetrators = ensure that perpetrators of family violence
    are prosecuted and adequately punished
action: TPA = Te Aorerekura action plan delivery
action: Police = Integrated community responses to family violence
action: MSD = Specialist sexual violence services funding
outcome: Families and whānau live free from violence.
measure: Integrated community response sites operating

[pay-equity] UPR
tags: Women & girls; Employment; Equality | Women; Pacific | 5 8
agencies: MfW PSC MBIE
clause: Gender and ethnic pay gaps = close the gender and ethnic pay gaps, in
    particular for Māori and Pacific women
clause: Women in leadership = increase the representation of women in leadership
    positions in the public and private sectors
action: PSC = Public service gender and ethnic pay gaps action plan
action: MBIE = Pay transparency guidance for employers
action: MfW = Women on public sector boards target
outcome: Women are paid and promoted on equal terms.
measure: Gender pay gap in the public service (per cent)

[child-poverty] UPR CRC
tags: Standard of living; Children (rights of); ESC rights | Children; Poverty | 1 2
agencies: MSD MoE HUD
clause: Child poverty = strengthen measures to reduce child poverty and meet the
    targets set under the Child Poverty Reduction Act 2018
clause: Income support for families = ensure that income support for families with
    children is adequate to lift them out of poverty
action: MSD = Child and youth wellbeing strategy refresh
action: MSD = Review of Working for Families settings
action: MoE = Healthy school lunches programme
outcome: Fewer children grow up in material hardship.
measure: Children living in material hardship (per cent)

[housing] UPR CERD CRPD
tags: Standard of living; ESC rights | Homelessness; Poverty; Māori; Pacific | 1 11
agencies: HUD MSD TPK
clause: Right to housing = guarantee the right to adequate housing and reduce
    homelessness
clause: Social housing supply = increase the supply of affordable, accessible and
    culturally appropriate social housing
action: HUD = Homelessness action plan
action: HUD = Accessible social housing build programme
action: TPK = Māori and iwi housing innovation fund
outcome: Everyone has a warm, dry, secure and affordable home.
measure: Households on the social housing register

[inclusive-education] CRPD CRC UPR
tags: Education; Disabilities (rights) | Disabilities; Children | 4 10
agencies: MoE Whaikaha
clause: Inclusive education = ensure that persons with disabilities have access to
    inclusive education
clause: Learning support = provide reasonable accommodation and learning support for
    children with disabilities in mainstream schools
action: MoE = Learning support coordinators in every school
action: MoE = Inclusive education guidance for schools
action: Whaikaha = Review of Ongoing Resourcing Scheme eligibility
outcome: Disabled learners learn alongside their peers with the support they need.
measure: Schools with a learning support coordinator

[disability-support] CRPD UPR
tags: Disabilities (rights); Equality; Standard of living | Disabilities | 10
agencies: Whaikaha MSD MoH
clause: Disability support system = transform the disability support system in line
    with the Enabling Good Lives principles
clause: Accessibility legislation = adopt accessibility legislation with enforceable
    standards
clause: Supported decision-making = replace substitute decision-making regimes with
    supported decision-making
action: Whaikaha = Enabling Good Lives national rollout
action: MSD = Accessibility legislation and standards
action: Whaikaha = Supported decision-making framework
outcome: Disabled people have choice and control over their supports and lives.
measure: Disabled people with a personal budget

[care-and-protection] CRC UPR CERD
tags: Children (rights of); Family; Indigenous rights | Children; Māori | 16
agencies: MSD TPK
clause: Māori children in care = reduce the number of Māori children in state care
    and strengthen whānau-based care
clause: Voice of children in care = ensure that children in care are heard in all
    decisions that affect them
action: MSD = Transfer of care services to iwi and Māori organisations
action: MSD = Independent children's monitor
action: TPK = Voice of children in care programme
outcome: Tamariki grow up safe within their whānau, hapū and iwi.
measure: Māori children entering state care

[youth-justice] CRC CAT UPR
tags: Children (rights of); Criminal justice; Justice | Children; Liberty | 16
agencies: MoJ Police MSD
clause: Age of criminal responsibility = raise the minimum age of criminal
    responsibility to at least 14 years
clause: Children in police cells = ensure that children are never detained in police
    cells
action: MoJ = Review of the minimum age of criminal responsibility
action: Police = Alternatives to police custody for young people
action: MSD = Youth justice residence replacement
outcome: Children in conflict with the law are dealt with in a child-centred way.
measure: Nights young people spent in police cells

[racism] CERD UPR
tags: Equality; Indigenous rights | Minorities; Māori; Pacific; Migrants | 10 16
agencies: MoJ DIA Police
clause: Action plan against racism = adopt and implement a national action plan
    against racism
clause: Hate speech and hate crime = strengthen legislation and data collection on
    hate speech and hate crimes
clause: Disaggregated data = collect data disaggregated by ethnicity to monitor
    racial discrimination
action: MoJ = National action plan against racism
action: Police = Hate crime recording and reporting
action: MoJ = Review of hate speech legislation
outcome: Nobody is treated unfairly because of their race or ethnicity.
measure: Hate crimes recorded by Police

[te-tiriti] CERD UPR
tags: Indigenous rights; Self-determination; NHRF | Māori; Indigenous | 16
agencies: TPK MoJ
clause: Te Tiriti o Waitangi = give full effect to Te Tiriti o Waitangi/the Treaty
    of Waitangi in legislation and policy
clause: Declaration on the Rights of Indigenous Peoples = develop a national plan to
    implement the United Nations Declaration on the Rights of Indigenous Peoples
clause: Consultation with Māori = ensure meaningful consultation with Māori on
    legislation affecting their rights
action: TPK = Declaration plan on the rights of Indigenous peoples
action: MoJ = Historical Treaty settlements programme
action: TPK = Guidance on Treaty provisions in legislation
outcome: The Crown honours its partnership with Māori.
measure: Historical Treaty settlements completed

[migrant-workers] UPR CERD
tags: Migrants (rights of); Employment; Business
    | Migrants; Slavery; Non-citizens | 8 10
agencies: MBIE Police Corrections
clause: Migrant exploitation = combat the exploitation of migrant workers and
    strengthen labour inspections
clause: Forced labour and trafficking = adopt a national action plan against forced
    labour, people trafficking and slavery
clause: Detention of asylum seekers = end the detention of asylum seekers in police
    and corrections facilities
action: MBIE = Migrant exploitation protection visa
action: MBIE = Plan of action against forced labour, people trafficking and slavery
action: MBIE = End of immigration detention in prisons
outcome: Migrant workers are safe from exploitation.
measure: Labour inspections in high-risk sectors

[climate] UPR CRC CRPD
tags: Environment; Development; Inter-State cooperation
    | Pacific; Children; Rural; Disabilities | 13 7
agencies: MfE MFAT NEMA
clause: Climate change = strengthen climate change mitigation and adaptation with a
    human rights-based approach
clause: Climate finance for the Pacific = support Pacific states affected by climate
    change through development assistance
clause: Inclusive disaster planning = ensure that disaster risk reduction plans
    include persons with disabilities and older persons
action: MfE = National adaptation plan
action: MFAT = Pacific climate finance commitment
action: NEMA = Inclusive emergency management guidance
outcome: Communities are protected from the effects of climate change.
measure: Climate finance delivered to Pacific countries (NZ$ million)

[ratification] UPR
tags: Intl. instruments; Intl. conventions | Migrants; Disappeared | 16 17
agencies: MFAT MoJ
clause: Migrant Workers Convention = ratify the International Convention on the
    Protection of the Rights of All Migrant Workers and Members of Their Families
clause: Enforced Disappearance Convention = ratify the International Convention for
    the Protection of All Persons from Enforced Disappearance
clause: Optional Protocol to ICESCR = ratify the Optional Protocol to the
    International Covenant on Economic, Social and Cultural Rights
action: MFAT = National interest analysis of the Enforced Disappearance Convention
action: MFAT = Review of New Zealand's treaty reservations
action: MoJ = Treaty ratification work programme
outcome: New Zealand is party to the core international human rights treaties.
measure: Core human rights treaties ratified

[human-rights-framework] UPR
tags: NHRF; Civil & political; Remedy |  | 16
agencies: MoJ PSC
clause: Bill of Rights Act = strengthen the New Zealand Bill of Rights Act 1990,
    including by giving it higher legal status
clause: National mechanism for reporting = establish a national mechanism for
    implementation, reporting and follow-up
clause: Human Rights Commission = ensure adequate funding for the Human Rights
    Commission
action: MoJ = National mechanism for implementation, reporting and follow-up
action: MoJ = Review of the New Zealand Bill of Rights Act
action: PSC = Human rights impact assessment guidance for policy advice
outcome: Human rights are considered in every government decision.
measure: Agencies reporting on time through the Monitor

[health-equity] UPR CERD CRPD
tags: Health; Equality | Māori; Pacific; Rural | 3 10
agencies: MoH TPK
clause: Health inequities = eliminate inequities in health outcomes for Māori and
    Pacific peoples
clause: Rural health services = improve access to health services in rural areas
clause: Sexual and reproductive health = ensure access to sexual and reproductive
    health services for all women and girls
action: MoH = Hauora Māori strategy
action: MoH = Rural health workforce programme
action: MoH = Pacific health action plan
outcome: Everyone can expect the same health outcomes wherever they live.
measure: Life expectancy gap between Māori and non-Māori (years)

[education-equity] UPR CRC CERD
tags: Education; Cultural rights; HR education | Māori; Pacific; Children | 4
agencies: MoE TPK
clause: Education outcomes = address disparities in educational outcomes for Māori
    and Pacific students
clause: Te reo Māori in education = strengthen te reo Māori and kaupapa Māori
    education
clause: Human rights education = include human rights education in the school
    curriculum
action: MoE = Te reo Māori in schools plan
action: MoE = Pacific education action plan
action: MoE = Human rights in the curriculum refresh
outcome: Every learner succeeds, and Māori succeed as Māori.
measure: Māori school leavers with NCEA Level 2 (per cent)

[social-cohesion] UPR CERD
tags: Counter-terrorism; Freedom; Equality | Minorities; Migrants | 16
agencies: DIA Police MoJ
clause: Christchurch Royal Commission = implement the recommendations of the Royal
    Commission of Inquiry into the terrorist attack on Christchurch masjidain
clause: Social cohesion = strengthen social cohesion and protect religious and
    ethnic communities from violent extremism
action: DIA = Social cohesion programme
action: DIA = Countering violent extremism online
action: Police = Firearms registry
outcome: Diverse communities feel safe and included.
measure: Firearms recorded in the registry
"""
