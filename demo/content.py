"""The text corpus ``seed_demo`` builds its demo site from.

Plain data: sections, authors, tags, places and story templates. The command
fills the templates with a seeded random generator, so the demo site reads the
same every time. Everyone quoted here except Gulmurod Khalimov is invented.
"""

SECTIONS = [
    (
        "Terrorism",
        "Militant groups, recruitment and the fight against them in Central Asia "
        "and Afghanistan.",
    ),
    ("Security", "Borders, armed forces, policing and the region's alliances."),
    ("Politics", "Governments, parliaments, elections and the people who run them."),
    ("Economy", "Trade, energy, remittances and the cost of living."),
    ("Society", "Migration, health, schools, faith and everyday life."),
    ("Culture", "Film, music, books and heritage from the Silk Road and beyond."),
]

AUTHORS = [
    (
        "Nadin Bahrom",
        "Nadin Bahrom covers security and militancy from Dushanbe. She has reported "
        "on Tajik fighters in Syria and their families since 2014.",
    ),
    (
        "Farrukh Yusupov",
        "Farrukh Yusupov is our Tashkent correspondent. He writes about Uzbekistan's "
        "reforms, its courts and its cotton fields.",
    ),
    (
        "Aigerim Sadykova",
        "Aigerim Sadykova reports on politics and the economy from Almaty and Astana.",
    ),
    (
        "Bakyt Toktogulov",
        "Bakyt Toktogulov covers Kyrgyzstan from Bishkek, with a particular eye on "
        "parliament and the border.",
    ),
    (
        "Dilnoza Karimova",
        "Dilnoza Karimova writes about health, education and women's rights across "
        "the region.",
    ),
    (
        "Rustam Nazarov",
        "Rustam Nazarov is a former army officer who writes about defence and "
        "security policy.",
    ),
    (
        "Zarina Mirzoeva",
        "Zarina Mirzoeva reports on culture and heritage from Khujand and Samarkand.",
    ),
    (
        "Timur Abdrakhmanov",
        "Timur Abdrakhmanov covers energy, water and trade. He previously worked as "
        "an economist in Almaty.",
    ),
    (
        "Madina Akhmedova",
        "Madina Akhmedova writes about labour migration and follows Central Asian "
        "workers in Russia and the Gulf.",
    ),
    (
        "Hamid Sultani",
        "Hamid Sultani reports from Kabul and Mazar-i-Sharif on life under the "
        "Taliban administration.",
    ),
    (
        "Anna Lindqvist",
        "Anna Lindqvist is our regional editor. She has covered Central Asia for "
        "Nordic and British newspapers for fifteen years.",
    ),
    (
        "Daniel Whitmore",
        "Daniel Whitmore is a data journalist. He writes about budgets, debt and "
        "the numbers behind the news.",
    ),
]

# (dateline, country); the country keys COUNTRIES.
PLACES = [
    ("DUSHANBE", "Tajikistan"),
    ("KHUJAND", "Tajikistan"),
    ("BISHKEK", "Kyrgyzstan"),
    ("OSH", "Kyrgyzstan"),
    ("TASHKENT", "Uzbekistan"),
    ("SAMARKAND", "Uzbekistan"),
    ("ALMATY", "Kazakhstan"),
    ("ASTANA", "Kazakhstan"),
    ("KABUL", "Afghanistan"),
    ("MAZAR-I-SHARIF", "Afghanistan"),
    ("ASHGABAT", "Turkmenistan"),
]

COUNTRIES = {
    "Tajikistan": {
        "adj": "Tajik",
        "government": "the government",
        "leader": "the president",
        "parliament": "the Majlisi Oli",
        "currency": "somoni",
        "people": [
            "Firuz Rahimov",
            "Shahlo Nazarova",
            "Davron Saidov",
            "Mehrubon Qodirova",
        ],
    },
    "Kyrgyzstan": {
        "adj": "Kyrgyz",
        "government": "the government",
        "leader": "the president",
        "parliament": "the Jogorku Kenesh",
        "currency": "som",
        "people": ["Nurlan Osmonov", "Gulnara Asanova", "Emil Sultanaliev"],
    },
    "Uzbekistan": {
        "adj": "Uzbek",
        "government": "the government",
        "leader": "the president",
        "parliament": "the Oliy Majlis",
        "currency": "sum",
        "people": ["Sherzod Tursunov", "Malika Rakhimova", "Bekzod Alimov"],
    },
    "Kazakhstan": {
        "adj": "Kazakh",
        "government": "the government",
        "leader": "the president",
        "parliament": "the Mazhilis",
        "currency": "tenge",
        "people": ["Yerlan Zhakupov", "Dana Seitkali", "Arman Nurpeisov"],
    },
    "Afghanistan": {
        "adj": "Afghan",
        "government": "the Taliban administration",
        "leader": "the Taliban's supreme leader",
        "parliament": "the leadership council in Kandahar",
        "currency": "afghani",
        "people": ["Abdul Wahid Noori", "Farida Hakimi", "Mohammad Karim Rahmani"],
    },
    "Turkmenistan": {
        "adj": "Turkmen",
        "government": "the government",
        "leader": "the president",
        "parliament": "the Mejlis",
        "currency": "manat",
        "people": ["Merdan Atayev", "Ogulgerek Durdyyeva", "Batyr Hojayev"],
    },
}

ANALYSTS = [
    ("Sarah Whitcombe", "an analyst at the Silk Road Policy Centre in London"),
    ("Jonas Falk", "a researcher at the Caspian Institute in Berlin"),
    ("Elena Markova", "a Moscow-based specialist on Central Asia"),
    ("Kamol Ergashev", "a political scientist in Tashkent"),
    ("Aizada Bekova", "who teaches international relations in Bishkek"),
]

# Who the people named in COUNTRIES[...]["people"] are, when they are quoted.
ROLES = [
    "a lawyer in the city",
    "a schoolteacher",
    "a shopkeeper at the central bazaar",
    "a civil society activist",
    "a retired engineer",
    "a local council member",
    "a university lecturer",
    "a taxi driver",
]

TAGS_BY_COUNTRY = {country: country for country in COUNTRIES}

TAGS_BY_SECTION = {
    "Terrorism": ["Islamic State", "Extremism", "Syria", "Courts", "Prisons"],
    "Security": ["Border security", "Armed forces", "Police", "Russia", "China"],
    "Politics": ["Elections", "Parliament", "Human rights", "Press freedom", "Courts"],
    "Economy": ["Remittances", "Energy", "Water", "Trade", "Inflation"],
    "Society": ["Migration", "Health", "Education", "Religion", "Women"],
    "Culture": ["Film", "Music", "Heritage", "Books", "Navruz"],
}

KICKERS = ["Analysis", "Explainer", "Interview", "Investigation", "Dispatch"]

# Each story: headline, standfirst, lede and detail paragraphs, and "only" (the
# countries it fits, or None for all). Slots: {adj} {country} {city} {gov}
# {leader} {parliament} {currency} {n} {pct} {day}. "n" and "pct" give their ranges.
STORIES = {
    "Terrorism": [
        {
            "n": (4, 11),
            "headline": "{adj} court jails {n} men for recruiting fighters for "
            "Islamic State",
            "standfirst": "Prosecutors said the group sent at least a dozen young "
            "men to Syria through Turkey; defence lawyers say confessions were "
            "forced.",
            "lede": "A court in {city} has sentenced {n} men to between eight and "
            "fifteen years in prison for recruiting fighters for Islamic State, "
            "closing a trial that was held almost entirely behind closed doors.",
            "detail": "According to the indictment, the men met recruits in "
            "mosques and on building sites, paid for their tickets and put them in "
            "touch with smugglers on the Turkish border. Two of those recruits are "
            "believed to have died in Raqqa.",
        },
        {
            "headline": "Security services in {country} say they foiled a bomb "
            "plot in {city}",
            "standfirst": "Officials showed reporters explosives they said were "
            "found in a rented flat; the suspects have not been named.",
            "lede": "{adj} security services said on {day} that they had arrested "
            "{n} people suspected of planning a bombing in central {city}, and "
            "that the group had taken instructions from an Islamic State handler "
            "abroad.",
            "detail": "Television footage showed officers carrying bags out of a "
            "five-storey apartment block on the edge of the city. Neighbours said "
            "the flat had been rented by two young men who kept to themselves and "
            "received visitors late at night.",
        },
        {
            "headline": "Families of {adj} fighters held in Syrian camps plead for "
            "their return",
            "standfirst": "Hundreds of women and children remain in camps run by "
            "Kurdish forces. Relatives say time is running out.",
            "lede": "Relatives of {adj} women and children held in camps in "
            "north-eastern Syria gathered in {city} this week to ask {gov} to bring "
            "them home before another winter.",
            "detail": "Some of the children were born in the camps and have never "
            "seen {country}. Aid workers describe shortages of clean water, "
            "medicine and schooling, and a steady stream of violence inside the "
            "fences.",
        },
        {
            "n": (40, 300),
            "headline": "{adj} authorities block {n} websites over extremist content",
            "standfirst": "Rights groups say the list also includes opposition news "
            "sites and a popular religious forum.",
            "lede": "Regulators in {country} have blocked access to {n} websites "
            "and channels that they say spread extremist propaganda, the largest "
            "such order this year.",
            "detail": "The list, published without explanation, includes sites that "
            "researchers agree carry Islamic State material, but also two "
            "independent news outlets and a forum where believers discuss prayer "
            "times and family law.",
        },
        {
            "only": [
                "Tajikistan",
                "Kyrgyzstan",
                "Uzbekistan",
                "Kazakhstan",
                "Turkmenistan",
            ],
            "n": (300, 900),
            "headline": "Returning militants face long sentences and little "
            "rehabilitation in {country}",
            "standfirst": "An amnesty law promised a way home. Few who took it "
            "found the help they were promised.",
            "lede": "When he came back to {city} from Syria, Dilshod, 29, expected "
            "to be questioned. He did not expect to spend the next four years in a "
            "cell with men who had never left the country.",
            "detail": "Officials say more than {n} citizens have returned from "
            "conflict zones since 2017. Only a handful went through the "
            "rehabilitation programme that {gov} announced with international "
            "donors.",
        },
        {
            "headline": "How Islamic State's Afghan branch recruits {adj} migrant "
            "workers",
            "standfirst": "Lonely, underpaid and far from home, labourers in Russia "
            "are a target. A trail of chat groups shows how it is done.",
            "lede": "The first messages were about work: a better-paid job, a "
            "cheaper room, a lawyer who could fix a residence permit. Within weeks "
            "the chat group that a {adj} builder joined in Moscow was sharing "
            "sermons and videos.",
            "detail": "Investigators in several countries say Islamic State Khorasan "
            "Province has made Central Asian labourers one of its main recruiting "
            "pools, using messaging apps and Tajik- and Uzbek-language channels.",
        },
        {
            "n": (3, 9),
            "headline": "Prosecutors in {city} charge {n} over online extremist "
            "chat group",
            "standfirst": "The accused include two students and a schoolteacher. "
            "Their families say they only shared videos.",
            "lede": "Prosecutors in {city} have charged {n} people with inciting "
            "terrorism over messages posted in a chat group, in a case that has "
            "alarmed parents and lawyers.",
            "detail": "The charges carry sentences of up to twelve years. The "
            "prosecutor's office said the group had shared instructions for making "
            "explosives; relatives said the phones held little more than sermons "
            "and news clips.",
        },
    ],
    "Security": [
        {
            "n": (40, 400),
            "headline": "{adj} border guards report clash with smugglers near {city}",
            "standfirst": "Two guards were wounded and a consignment of drugs "
            "seized, the border service said.",
            "lede": "{adj} border guards exchanged fire with a group of armed "
            "smugglers before dawn on {day}, wounding one and seizing more than "
            "{n} kilograms of hashish, the border service said.",
            "detail": "The service said the group had tried to cross a stretch of "
            "the frontier where the river runs shallow in autumn. Officials "
            "released photographs of packages wrapped in plastic and a rubber boat "
            "left on the bank.",
        },
        {
            "pct": (12, 35),
            "headline": "{country} raises defence spending by {pct} per cent",
            "standfirst": "The budget buys drones, trucks and higher pay for "
            "officers, but leaves conscripts' conditions largely untouched.",
            "lede": "{country} will spend {pct} per cent more on defence next year, "
            "according to a draft budget sent to {parliament}, the biggest rise in "
            "more than a decade.",
            "detail": "Much of the money is earmarked for reconnaissance drones, "
            "armoured vehicles and air defence. Officers will get a pay rise; "
            "conscripts' allowances stay where they were.",
        },
        {
            "headline": "Drone purchases signal shift in {adj} military thinking",
            "standfirst": "Turkish and Chinese drones are changing how the region's "
            "armies plan for war.",
            "lede": "Over the past three years {country} has bought drones from "
            "Turkey, China and Iran, and is now talking about building its own. "
            "Military analysts say the purchases reveal new priorities.",
            "detail": "The wars in Ukraine and Nagorno-Karabakh made an impression "
            "on general staffs across Central Asia, where armies were long built "
            "on Soviet lines around tanks and artillery.",
        },
        {
            "only": [
                "Tajikistan",
                "Kyrgyzstan",
                "Uzbekistan",
                "Kazakhstan",
                "Turkmenistan",
            ],
            "n": (1200, 4000),
            "headline": "Joint exercise brings {n} troops to {country}",
            "standfirst": "The drills rehearse the defence of the Afghan frontier. "
            "Observers see a message for several audiences.",
            "lede": "About {n} troops from five countries began a week of exercises "
            "near {city} on {day}, rehearsing a response to an armed incursion "
            "from Afghanistan.",
            "detail": "Russian aircraft and helicopters took part alongside "
            "{adj} infantry. Defence officials said the scenario involved a "
            "militant group seizing border villages and taking hostages.",
        },
        {
            "headline": "Police reform stalls in {country} as money runs short",
            "standfirst": "New uniforms and patrol cars arrived. The training and "
            "the pay rises did not.",
            "lede": "Four years after {gov} promised to rebuild the police along "
            "European lines, officers in {city} say little has changed beyond the "
            "colour of the cars.",
            "detail": "A report by a donor-funded monitoring group found that fewer "
            "than half of the planned training courses had taken place, and that "
            "complaints of bribery at traffic checkpoints had not fallen.",
        },
        {
            "headline": "Landmines still claim lives along the {adj} frontier",
            "standfirst": "Shepherds and children are the usual victims. Clearing "
            "the fields could take another decade.",
            "lede": "The explosion that took Jamshed's leg came in spring, when he "
            "took his family's sheep up to a pasture above {city} that had been "
            "declared safe the year before.",
            "detail": "Mine-clearance teams have removed thousands of devices laid "
            "in the 1990s and 2000s, but the work depends on foreign donors whose "
            "money has been shrinking.",
        },
        {
            "headline": "Cyber attack knocks {adj} government websites offline",
            "standfirst": "Ministries' sites were down for most of a day. Officials "
            "have not said who they blame.",
            "lede": "Websites of several {adj} ministries and the state news agency "
            "were unreachable for much of {day} after what officials described as "
            "a coordinated attack.",
            "detail": "Specialists said the attack appeared to be a flood of "
            "traffic rather than a breach, but that it exposed how little "
            "protection the country's public systems have.",
        },
    ],
    "Politics": [
        {
            "n": (300, 1500),
            "headline": "{adj} parliament passes law tightening rules for NGOs",
            "standfirst": "Groups that receive foreign money will have to report "
            "every grant and may be inspected without notice.",
            "lede": "{parliament} approved a law on {day} that requires non-profit "
            "groups receiving money from abroad to register as such and report "
            "every grant to the justice ministry.",
            "detail": "Supporters say the law brings transparency. Around {n} "
            "organisations, from disability charities to election monitors, will "
            "be affected, and several said they would have to close.",
            "only": ["Tajikistan", "Kyrgyzstan", "Uzbekistan", "Kazakhstan"],
        },
        {
            "headline": "Cabinet reshuffle in {country} brings in younger ministers",
            "standfirst": "Five ministers were replaced in one evening. The "
            "powerful security chiefs kept their posts.",
            "lede": "{adj} state television announced late on {day} that five "
            "ministers had been replaced, including those responsible for "
            "finance, energy and education.",
            "detail": "Most of the new ministers are in their forties and several "
            "studied abroad. The heads of the security service and the interior "
            "ministry were not affected.",
        },
        {
            "n": (4, 15),
            "headline": "Opposition candidates barred from local elections in {city}",
            "standfirst": "The election commission cited paperwork errors. The "
            "candidates call it a purge.",
            "lede": "The election commission in {city} has refused to register {n} "
            "candidates for next month's local council elections, most of them "
            "from the only opposition party still active in the city.",
            "detail": "Officials said the candidates had submitted incomplete "
            "documents or signatures that could not be verified. Several of those "
            "rejected said they had been told informally to withdraw.",
            "only": ["Kyrgyzstan", "Kazakhstan", "Uzbekistan"],
        },
        {
            "n": (5, 10),
            "headline": "{adj} journalist sentenced to {n} years in prison",
            "standfirst": "Press freedom groups condemned the verdict and called "
            "for his release.",
            "lede": "A court in {city} sentenced an independent journalist to {n} "
            "years in prison on {day}, on charges that press freedom groups say "
            "were brought to silence his reporting on corruption.",
            "detail": "The journalist had written about land deals involving local "
            "officials. He was convicted of extortion and of publishing false "
            "information, which he denied.",
        },
        {
            "headline": "Referendum in {country} would extend presidential terms",
            "standfirst": "The proposed changes run to dozens of articles. One "
            "matters more than the rest.",
            "lede": "Voters in {country} will be asked next month to approve "
            "constitutional amendments that, among other things, lengthen the "
            "presidential term from five years to seven.",
            "detail": "Officials present the package as a modernisation, with new "
            "guarantees for pensions and the environment. Critics say it is "
            "designed to let {leader} stay in office for years to come.",
            "only": ["Tajikistan", "Kyrgyzstan", "Uzbekistan", "Kazakhstan"],
        },
        {
            "headline": "Regional leaders meet in {city} to talk water and trade",
            "standfirst": "The summit produced warm words and a joint statement. "
            "Harder questions were left for later.",
            "lede": "The presidents of five Central Asian states met in {city} on "
            "{day} for their annual summit, pledging to cooperate on water, "
            "energy and transport.",
            "detail": "A joint statement spoke of a shared market and faster border "
            "crossings. Diplomats said the leaders had not reached agreement on "
            "how to share the rivers that run through the region.",
            "only": ["Tajikistan", "Kyrgyzstan", "Uzbekistan", "Kazakhstan"],
        },
        {
            "headline": "Taliban decree extends limits on women's work in {city}",
            "standfirst": "Aid agencies warn that the rules will make it harder to "
            "reach families in need.",
            "lede": "A decree read out in {city} on {day} bars women from working "
            "for a further group of local and foreign organisations, the latest "
            "of a series of restrictions.",
            "detail": "Aid agencies say women staff are essential for reaching "
            "households headed by widows. Some have suspended programmes while "
            "they seek clarification.",
            "only": ["Afghanistan"],
        },
    ],
    "Economy": [
        {
            "pct": (5, 25),
            "headline": "Remittances to {country} rise {pct} per cent despite "
            "sanctions",
            "standfirst": "Money sent home by migrants in Russia still keeps "
            "millions of families afloat.",
            "lede": "Money transfers from migrant workers to {country} rose {pct} "
            "per cent in the first nine months of the year, central bank figures "
            "show, defying forecasts of a fall.",
            "detail": "Most of the money comes from Russia, where demand for "
            "labour on building sites and in warehouses remains high. Economists "
            "warn that the country's reliance on a single market is a risk.",
        },
        {
            "headline": "The {currency} falls to a record low against the dollar",
            "standfirst": "Importers are raising prices. The central bank says it "
            "will not spend its reserves to defend the currency.",
            "lede": "The {adj} {currency} fell to its weakest level against the "
            "dollar on {day}, and traders in {city} said prices for imported food "
            "and fuel were already rising.",
            "detail": "The central bank blamed lower export earnings and the "
            "strength of the dollar. It has raised interest rates twice this year "
            "and said further rises were possible.",
        },
        {
            "headline": "Winter power cuts return to {city}",
            "standfirst": "Households get electricity for a few hours a day. The "
            "new dam will not help for years.",
            "lede": "Residents of {city} and surrounding districts are getting "
            "electricity for as little as eight hours a day, as falling water "
            "levels cut output at hydroelectric plants.",
            "detail": "The energy ministry said rationing would last until spring. "
            "Small businesses said they were losing customers and buying diesel "
            "for generators at rising prices.",
            "only": ["Tajikistan", "Kyrgyzstan", "Uzbekistan"],
        },
        {
            "only": [
                "Tajikistan",
                "Kyrgyzstan",
                "Uzbekistan",
                "Kazakhstan",
                "Turkmenistan",
            ],
            "n": (400, 2500),
            "headline": "Railway to China moves closer as {country} signs loan deal",
            "standfirst": "The line could cut weeks off journeys to Europe. The "
            "debt that pays for it worries economists.",
            "lede": "{country} signed an agreement on {day} for a loan of about "
            "${n}m to build its share of a railway linking China with Central "
            "Asia and, eventually, Europe.",
            "detail": "Supporters say the line will turn the region from a dead "
            "end into a corridor. The terms of the loan have not been published, "
            "and the IMF has warned about the country's rising debt.",
        },
        {
            "headline": "Cotton harvest in {country} ends without forced labour, "
            "monitors say",
            "standfirst": "After years of boycotts, international buyers are "
            "returning. Pickers' pay is still low.",
            "lede": "Independent monitors said this year's cotton harvest in "
            "{country} was picked without systemic forced labour, a finding that "
            "could bring more foreign buyers.",
            "detail": "For decades, students, teachers and doctors were sent to the "
            "fields each autumn. Monitors said they found isolated cases of "
            "pressure on public employees but no organised mobilisation.",
            "only": ["Uzbekistan", "Turkmenistan", "Tajikistan"],
        },
        {
            "pct": (8, 19),
            "headline": "Inflation in {country} reaches {pct} per cent as food "
            "prices climb",
            "standfirst": "Flour, cooking oil and meat have led the rise. Pensions "
            "have not kept up.",
            "lede": "Consumer prices in {country} rose {pct} per cent in the year "
            "to last month, the statistics agency said, driven by the cost of "
            "flour, cooking oil and meat.",
            "detail": "At a bazaar in {city}, traders said customers were buying "
            "smaller quantities and asking for credit. The government has capped "
            "the price of bread in state shops.",
        },
        {
            "headline": "Gold exports lift {adj} economy as mining expands",
            "standfirst": "High prices have filled the budget. Villages near the "
            "mines say they see little of the money.",
            "lede": "{country}'s economy grew faster than expected in the third "
            "quarter, helped by high gold prices and new mines, official figures "
            "show.",
            "detail": "Gold now accounts for more than a third of exports. Near "
            "the mines, villagers complain about dust, polluted water and jobs "
            "that go to outsiders.",
            "only": ["Kyrgyzstan", "Uzbekistan", "Kazakhstan"],
        },
    ],
    "Society": [
        {
            "headline": "{adj} migrants in Russia face new checks after attack",
            "standfirst": "Raids, longer waits for permits and open hostility: "
            "workers describe a hard year.",
            "lede": "Police raids on hostels and markets, new fingerprinting rules "
            "and long queues for work permits have made life harder for {adj} "
            "migrants in Russia, workers and rights groups say.",
            "detail": "Several workers who returned to {city} this month said they "
            "had been stopped repeatedly on the street and asked to show "
            "documents. Some said they had been deported over minor violations.",
            "only": ["Tajikistan", "Kyrgyzstan", "Uzbekistan"],
        },
        {
            "n": (150, 900),
            "headline": "Measles cases rise in {city} as vaccination rates fall",
            "standfirst": "Doctors blame rumours spread on social media and a "
            "shortage of nurses in rural clinics.",
            "lede": "Health officials in {city} have recorded more than {n} cases "
            "of measles since the summer, most of them in children who had not "
            "been vaccinated.",
            "detail": "Doctors say vaccination rates fell during the pandemic and "
            "have not recovered. Rumours about vaccines spread quickly on "
            "messaging apps, and some parents refuse the shots.",
        },
        {
            "headline": "Girls' schools stay shut in {city} for a fourth year",
            "standfirst": "Secret classes, online courses and emigration: how "
            "families are trying to educate their daughters.",
            "lede": "Secondary schools for girls in {city} remain closed as a new "
            "school year begins, and families say they have stopped expecting the "
            "ban to be lifted.",
            "detail": "Some girls attend classes in private homes, which teachers "
            "say carries risks. Others study online when the power and the "
            "internet allow.",
            "only": ["Afghanistan"],
        },
        {
            "headline": "Mudflows cut roads and destroy homes near {city}",
            "standfirst": "Heavy rain sent torrents of mud through villages in the "
            "foothills. Rescuers are still searching.",
            "lede": "Mudflows triggered by heavy rain destroyed dozens of houses and "
            "cut the main road near {city} on {day}, the emergencies ministry "
            "said.",
            "detail": "Rescue teams used bulldozers to clear the road and evacuated "
            "families to schools. Scientists say warmer winters and melting "
            "glaciers are making such disasters more frequent.",
        },
        {
            "headline": "New rules on religious dress spark debate in {country}",
            "standfirst": "The law bans clothing officials call foreign. Women say "
            "they are being told what to wear.",
            "lede": "A law restricting what officials describe as clothing alien "
            "to national culture came into force in {country} this week, and "
            "women in {city} say they are unsure what it covers.",
            "detail": "The law sets fines for wearing such clothing in public but "
            "does not list the garments it means. Officials have said it is aimed "
            "at styles imported from the Middle East.",
            "only": ["Tajikistan", "Uzbekistan", "Kyrgyzstan", "Kazakhstan"],
        },
        {
            "pct": (5, 12),
            "headline": "Pension rise in {country} falls short of prices, retirees say",
            "standfirst": "The increase adds a few hundred {currency} a month. A "
            "kilogram of meat costs more.",
            "lede": "Pensions in {country} will rise by {pct} per cent from next "
            "month, {gov} said, but retirees in {city} said the increase would "
            "barely cover the rise in food prices.",
            "detail": "Many pensioners rely on money sent by children working "
            "abroad. Those without such help say they have cut back on meat and "
            "medicine.",
        },
        {
            "n": (2000, 9000),
            "headline": "A shortage of teachers leaves {adj} village schools "
            "struggling",
            "standfirst": "Young graduates go abroad or into business. Retired "
            "teachers are called back to the classroom.",
            "lede": "In the villages outside {city}, some schools have had no "
            "mathematics teacher for two years, and retired staff in their "
            "seventies are teaching classes of forty.",
            "detail": "The education ministry says the country needs about {n} "
            "more teachers. Starting salaries are lower than what a young man can "
            "earn on a building site in Moscow.",
        },
    ],
    "Culture": [
        {
            "headline": "Film festival in {city} opens with a debut about migrant "
            "mothers",
            "standfirst": "Twenty films from the region compete this year. The "
            "opening night belonged to a first-time director.",
            "lede": "The film festival in {city} opened on {day} with the premiere "
            "of a debut feature about women raising children while their husbands "
            "work in Russia.",
            "detail": "The director, who grew up in a village near {city}, cast "
            "non-professional actors from her own family. The audience gave the "
            "film a long ovation.",
        },
        {
            "headline": "Restorers race to save crumbling madrasa in {city}",
            "standfirst": "The fifteenth-century building is cracking. Experts "
            "disagree about how to fix it.",
            "lede": "Cracks have appeared in the walls of a fifteenth-century "
            "madrasa in {city}, and restorers are racing to stabilise the building "
            "before winter.",
            "detail": "Some specialists argue that earlier restorations, which used "
            "modern cement, have done more harm than good. UNESCO has asked to see "
            "the plans.",
        },
        {
            "headline": "Shashmaqom masters pass the tradition to a new generation",
            "standfirst": "The classical music of Bukhara and Samarkand needs years "
            "of study. A school in {city} is trying to keep it alive.",
            "lede": "In a small courtyard in {city}, five teenagers sit in a "
            "half-circle around their teacher, learning a melody that takes "
            "twenty minutes to sing.",
            "detail": "Shashmaqom, the classical music shared by Tajiks and "
            "Uzbeks, is on UNESCO's list of intangible heritage. Its masters say "
            "few young people have the patience to learn it.",
            "only": ["Tajikistan", "Uzbekistan"],
        },
        {
            "headline": "A new novel about the 1990s is the talk of {city}",
            "standfirst": "The book sold out in a week. Its author says she wrote "
            "it for her children.",
            "lede": "A novel about a family in {city} during the hard years after "
            "the Soviet collapse has sold out its first print run within a week, "
            "an unusual success for a book in the {adj} language.",
            "detail": "The author, a former schoolteacher, said she had spent ten "
            "years on the book. Readers have filled social media with memories of "
            "queues for bread and evenings without light.",
            "only": ["Tajikistan", "Kyrgyzstan", "Uzbekistan", "Kazakhstan"],
        },
        {
            "headline": "Navruz celebrations return to the streets of {city}",
            "standfirst": "Sumalak, wrestling and music: the spring festival drew "
            "crowds to the central park.",
            "lede": "Thousands of people gathered in the centre of {city} to "
            "celebrate Navruz, the Persian new year, with music, wrestling matches "
            "and huge cauldrons of sumalak.",
            "detail": "Women took turns stirring the sweet wheat paste through the "
            "night, singing as they worked. Children queued for swings and "
            "candyfloss.",
        },
        {
            "n": (60, 300),
            "headline": "Museum in {city} brings home artefacts from abroad",
            "standfirst": "Objects excavated in Soviet times have been returned on "
            "long-term loan.",
            "lede": "A museum in {city} has opened an exhibition of {n} objects "
            "excavated in the region in Soviet times and kept in collections "
            "abroad for decades.",
            "detail": "The exhibits include painted ceramics, bronze mirrors and "
            "fragments of wall paintings. Curators said they hoped the loan would "
            "become permanent.",
            "only": ["Tajikistan", "Kyrgyzstan", "Uzbekistan", "Kazakhstan"],
        },
        {
            "headline": "Rubab maker keeps an old craft alive in {city}",
            "standfirst": "Each instrument takes a month to make. Orders now come "
            "from musicians abroad.",
            "lede": "In a workshop behind his house in {city}, a craftsman carves "
            "the body of a rubab from a single block of mulberry wood, as his "
            "father and grandfather did.",
            "detail": "He makes about a dozen instruments a year. Musicians from "
            "Europe and North America now order them online, and his sons have "
            "started to learn the trade.",
            "only": ["Tajikistan", "Afghanistan", "Uzbekistan"],
        },
    ],
}

# Paragraphs that fit any story in the section. Same slots as STORIES.
CONTEXT = {
    "Terrorism": [
        "Since 2014, an estimated several thousand citizens of Central Asian states "
        "have travelled to Syria and Iraq. Officials in {country} say they are now "
        "more worried about online recruitment than about people crossing borders.",
        "Human rights groups have long accused governments in the region of using "
        "the fight against extremism to jail critics and pious Muslims who have no "
        "link to violence.",
        "Islamic State's Afghan affiliate has claimed attacks in Russia and Iran "
        "carried out by Central Asian recruits, putting pressure on governments "
        "at home to show they are acting.",
    ],
    "Security": [
        "The region's borders were drawn in Soviet times and many stretches were "
        "never fully demarcated, leaving villages, pastures and water channels "
        "in dispute.",
        "Russia keeps military bases in Tajikistan and Kyrgyzstan, while China has "
        "quietly expanded its security presence along the Afghan frontier.",
        "Since the Taliban returned to power in Kabul in 2021, neighbouring "
        "governments have reinforced their borders while also opening channels "
        "for trade.",
    ],
    "Politics": [
        "Power in {country} remains concentrated around {leader}, and decisions "
        "taken in {parliament} rarely surprise anyone.",
        "Independent media and civil society have come under growing pressure "
        "across the region over the past decade, according to international "
        "watchdogs.",
        "Diplomats say the war in Ukraine has given Central Asian governments more "
        "room to balance between Russia, China and the West.",
    ],
    "Economy": [
        "Remittances from abroad are equal to a large share of national income in "
        "several Central Asian countries, making their economies sensitive to the "
        "fortunes of Russia's.",
        "The region sits on large reserves of gas, metals and water, but has "
        "struggled to turn them into jobs at home.",
        "Prices in {city}'s bazaars are a closely watched gauge of the mood, and "
        "traders say customers are counting every {currency}.",
    ],
    "Society": [
        "Around a third of working-age men in some districts spend most of the year "
        "abroad, leaving women, children and the elderly to run households.",
        "Spending on health and education per person remains among the lowest in "
        "the former Soviet Union, according to World Bank figures.",
        "Family, neighbourhood committees and the mosque still provide much of the "
        "help that the state does not.",
    ],
    "Culture": [
        "The cities of the Silk Road have been crossroads of Persian, Turkic and "
        "Russian cultures for centuries, and their artists still borrow freely "
        "from all three.",
        "State funding for the arts shrank after the collapse of the Soviet Union, "
        "and many artists now depend on festivals, foreign grants and the "
        "internet.",
        "Officials increasingly present heritage as a draw for tourists, who "
        "arrive in growing numbers on new direct flights.",
    ],
}

# "local" quotes go to people from COUNTRIES, "analyst" ones to ANALYSTS.
QUOTES = {
    "Terrorism": {
        "local": [
            "These are young men with no work and no hope, and the recruiters know "
            "exactly how to talk to them",
            "Most of the families want only one thing: to see their children again",
            "Nobody explains anything to us; we learn the news from television",
        ],
        "analyst": [
            "Governments cannot arrest their way out of this problem",
            "Prison is where much of the radicalisation now happens",
            "The threat is real, but so is the temptation to use it against critics",
        ],
    },
    "Security": {
        "local": [
            "Our officers are doing their job in very difficult conditions",
            "The border is long and the resources are limited",
            "Nobody here wants a war, but everyone is preparing for one",
        ],
        "analyst": [
            "The equipment is new, but the thinking behind it is still old",
            "Moscow remains the main partner, but it is no longer the only one",
            "Every government in the region is hedging its bets",
        ],
    },
    "Politics": {
        "local": [
            "People are tired of promises; they want to see results",
            "This law will be used against anyone who asks uncomfortable questions",
            "We are building a modern state, and that takes time",
        ],
        "analyst": [
            "The decision was taken long before the vote",
            "The outward forms change; the way power works does not",
            "It is a signal to the elite as much as to the public",
        ],
    },
    "Economy": {
        "local": [
            "Everything costs more than last month, and wages have not moved",
            "Without the money from Russia, half of this street would be empty",
            "We count every coin now",
        ],
        "analyst": [
            "The numbers look good on paper, but people do not feel it",
            "The question is who will pay the debt back, and when",
            "The economy depends on a few commodities and one labour market",
        ],
    },
    "Society": {
        "local": [
            "We do what we can, but there are not enough of us",
            "Nobody asked us what we think",
            "The young people leave, and the old people wait",
        ],
        "analyst": [
            "Families are carrying burdens that the state has put down",
            "Migration has changed these villages more than anything since 1991",
            "The official figures understate the problem",
        ],
    },
    "Culture": {
        "local": [
            "If we do not teach it, it will be gone in one generation",
            "People want to see their own lives, not someone else's",
            "Young people are rediscovering what their grandparents knew",
        ],
        "analyst": [
            "Heritage has become a matter of national pride and of tourism revenue",
            "The most interesting work is happening far from the capitals",
            "Artists here have learned to say a lot without saying it directly",
        ],
    },
}

SUBHEADINGS = {
    "Terrorism": [
        "A familiar pattern",
        "Behind closed doors",
        "Recruited online",
        "Coming home",
        "What the families say",
    ],
    "Security": [
        "A porous frontier",
        "Money and priorities",
        "Lessons from other wars",
        "What comes next",
        "On the ground",
    ],
    "Politics": [
        "How the vote went",
        "The critics",
        "A familiar script",
        "What changes",
        "Reading the signals",
    ],
    "Economy": [
        "At the bazaar",
        "The numbers",
        "Who pays",
        "A fragile recovery",
        "What economists expect",
    ],
    "Society": [
        "Families left behind",
        "A strained system",
        "Voices from the street",
        "What officials say",
        "No easy answers",
    ],
    "Culture": [
        "A long tradition",
        "Finding an audience",
        "Between past and present",
        "What remains",
        "The next generation",
    ],
}

OUTLOOKS = {
    "Terrorism": [
        "The interior ministry did not respond to a request for comment.",
        "Similar cases are pending in at least two other regions of {country}.",
        "Lawyers for the accused said they would appeal.",
    ],
    "Security": [
        "The defence ministry said further details would be announced later.",
        "Observers said it was too early to judge whether the measures would work.",
        "Officials in {city} declined to comment further.",
    ],
    "Politics": [
        "{gov} did not respond to a request for comment.",
        "Opposition figures abroad called for international pressure.",
        "Diplomats in {city} said they were following developments closely.",
    ],
    "Economy": [
        "The central bank is due to publish new forecasts next month.",
        "For many in {city}, the coming winter will be the real test.",
        "Officials said further support measures were under discussion.",
    ],
    "Society": [
        "Officials said a new programme would be announced in the spring.",
        "Local volunteers have started collecting donations in {city}.",
        "{gov} did not respond to a request for comment.",
    ],
    "Culture": [
        "The organisers hope to take the project to other cities next year.",
        "Admission is free on weekends until the end of the month.",
        "A second event is planned in {city} in the autumn.",
    ],
}

# The model story of the demo: what a finished article looks like.
MODEL_STORY = {
    "section": "Terrorism",
    "headline": "Tajik police commander who defected to ISIS is reported killed",
    "kicker": "",
    "standfirst": "Gulmurod Khalimov, who led Tajikistan's special police before "
    "appearing in an Islamic State video, was killed in an air strike, according "
    "to reports from Syria and Iraq.",
    "dateline": "DUSHANBE",
    "authors": ["Nadin Bahrom"],
    "tags": ["Islamic State", "Tajikistan", "Syria", "Extremism"],
    "body": (
        "<p>Gulmurod Khalimov, the commander of Tajikistan's special police unit "
        "who defected to Islamic State in 2015, has been killed in an air strike, "
        "according to reports that officials in Dushanbe said they were trying to "
        "confirm.</p>"
        "<p>Khalimov, a colonel who had received counter-terrorism training in the "
        "United States and Russia, vanished in April 2015. Weeks later he appeared "
        "in a propaganda video in fatigues, denouncing the Tajik government and "
        "calling on migrant workers in Russia to join the militants.</p>"
        "<h2>From Dushanbe to Raqqa</h2>"
        "<p>His defection stunned the country's security establishment. Khalimov "
        "had commanded the interior ministry's OMON special police, a unit that "
        "guarded the capital and was deployed against armed groups in the Rasht "
        "valley.</p>"
        "<p>Within a year he was reported to have risen to become the group's "
        "military chief, and the United States offered a reward of up to $3m for "
        "information about him. Relatives in the Varzob district, north of "
        "Dushanbe, were repeatedly questioned by security officers.</p>"
        "<p>\u201cHe was a symbol, and that is what made him dangerous,\u201d said a "
        "former colleague who asked not to be named. \u201cYoung men knew his name "
        "and his face.\u201d</p>"
        "<h2>What his death means</h2>"
        "<p>Analysts cautioned that Khalimov had been reported dead before, and "
        "that the militants' ability to recruit in Central Asia no longer depends "
        "on any single commander.</p>"
        "<p>Tajikistan's interior ministry declined to comment. The country's "
        "security services estimate that more than a thousand Tajik citizens "
        "travelled to Syria and Iraq to fight.</p>"
    ),
    "image": {
        "alt_text": "A dark, dusty landscape with a pale sun, drawn as a "
        "placeholder for a photograph of Gulmurod Khalimov",
        "caption": "Khalimov in Syria, May 2016.",
        "credit": "YouTube",
    },
}

# Readers' comments for the demo: (name, email, text). The model story keeps
# "0 Comment(s)", as on the model site; others get a few, some still waiting.
COMMENTS = [
    (
        "Farrukh S.",
        "farrukh@example.org",
        "Thank you for reporting this. Local media barely mentioned it.",
    ),
    (
        "Malika",
        "malika.r@example.org",
        "My uncle lives near there and says the roads have been closed for a week.",
    ),
    (
        "Jamshed",
        "jamshed.k@example.net",
        "Who is paying for this? The article should say.\n"
        "I would like to see the budget.",
    ),
    (
        "Zarina Nazarova",
        "zarina@example.com",
        "A balanced piece. I hope you follow up in a month.",
    ),
    (
        "Timur",
        "timur77@example.net",
        "The numbers in the third paragraph do not match the ministry's own report.",
    ),
    (
        "Dilnoza",
        "dilnoza.a@example.org",
        "Interesting, but what do the families themselves say?",
    ),
    (
        "Rustam B.",
        "rustam.b@example.com",
        "I was at the meeting in Khujand. It was much tenser than described here.",
    ),
    ("Guest", "reader123@example.net", "Good work as always 👍"),
    (
        "Nodira",
        "nodira@example.org",
        "Please translate this into Tajik and Russian so more people can read it.",
    ),
    (
        "Sherzod",
        "sherzod.t@example.com",
        "This has been going on for years; nobody listened until now.",
    ),
]
SPAM_COMMENT = (
    "Best Prices",
    "deals@spam.example",
    "Cheap watches at http://spam.example http://spam.example/2 http://spam.example/3",
)
