"""Word lists the attribution tagger runs on (see docs/attribution.md §4–§7).

Data only: every list is a frozenset (or a dict of frozensets) so a rule reads
``word in SET`` and a new cue is one edit here. Verb lists hold every
inflection the tagger should recognise, lower case.
"""

from __future__ import annotations


def _forms(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


# --- speech cues --------------------------------------------------------------

SPEECH_VERBS = _forms(
    # neutral speech
    "say says said tell tells told add adds added note notes noted explain explains explained",
    "state states stated remark remarks remarked comment comments commented mention mentions",
    "mentioned respond responds responded reply replies replied answer answers answered",
    "recall recalls recalled repeat repeats repeated reiterate reiterates reiterated",
    "testify testifies testified observe observes observed",
    # assertive / committal
    "assert asserts asserted insist insists insisted maintain maintains maintained",
    "contend contends contended declare declares declared stress stresses stressed",
    "emphasize emphasizes emphasized emphasise emphasises emphasised affirm affirms affirmed",
    "confirm confirms confirmed acknowledge acknowledges acknowledged admit admits admitted",
    "concede concedes conceded reveal reveals revealed disclose discloses disclosed",
    "predict predicts predicted warn warns warned caution cautions cautioned",
    "promise promises promised pledge pledges pledged vow vows vowed assure assures assured",
    "forecast forecasts projected projects",
    "estimate estimates estimated conclude concludes concluded suggest suggests suggested",
    "propose proposes proposed recommend recommends recommended urge urges urged",
    "demand demands demanded theorize theorizes theorized theorise theorises theorised",
    "speculate speculates speculated",
    # argumentative / evaluative
    "argue argues argued claim claims claimed allege alleges alleged accuse accuses accused",
    "charge charges charged deny denies denied dispute disputes disputed reject rejects rejected",
    "refute refutes refuted rebut rebuts rebutted counter counters countered retort retorts",
    "retorted object objects objected complain complains complained criticize criticizes",
    "criticized criticise criticises criticised condemn condemns condemned denounce denounces",
    "denounced slam slams slammed blast blasts blasted blame blames blamed praise praises",
    "praised defend defends defended dismiss dismisses dismissed question questions questioned",
    "challenge challenges challenged",
    # written / broadcast
    "write writes wrote tweet tweets tweeted post posts posted publish publishes published",
    "email emails emailed text texts texted blog blogs blogged report reports reported",
    # press-release verbs
    "announce announces announced unveil unveils unveiled",
    # phrasal: a cue only with its particle ("points out", see PARTICLE_VERBS)
    "point points pointed",
)
"""Verbs that attribute content to their subject (finite forms)."""

LEMMA = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "tells": "tell",
    "wrote": "write",
    "writes": "write",
    "replies": "reply",
    "replied": "reply",
    "denies": "deny",
    "denied": "deny",
    "testifies": "testify",
    "testified": "testify",
}
"""Irregular forms; other lemmas are found by stripping -s/-ed (see attribution.py)."""

PRESS_RELEASE_VERBS = _forms("announce announces announced unveil unveils unveiled")
"""Cues that make the sentence an organisation's official line."""

NAMING_VERBS = _forms(
    "call calls called dub dubs dubbed describe describes described characterize",
    "characterizes characterized characterise characterises characterised label labels",
    "labelled labeled term terms termed brand brands branded",
)
"""Verbs that attribute only with a quoted complement ("called the plan 'reckless'")."""

PARTICLE_VERBS = {"point": "out"}
"""Speech verbs that attribute only with their particle: "points out that …"."""

MANNER_THAT_VERBS = frozenset("joke quip laugh exclaim continue conclude".split())
"""Manner-of-speaking lemmas that also report with "that": "joked that the budget …"."""

PARTICIPIAL_CUES = frozenset(
    "saying arguing insisting warning claiming noting explaining adding".split()
)
"""-ing forms that attribute after a comma even without "that": ", saying it was …"."""

QUOTE_ONLY_VERBS = _forms(
    "continue continues continued ask asks asked shout shouts shouted whisper whispers",
    "whispered mutter mutters muttered laugh laughs laughed sigh sighs sighed smile smiles",
    "smiled joke jokes joked quip quips quipped exclaim exclaims exclaimed yell yells yelled",
    "snap snaps snapped scoff scoffs scoffed cry cries cried sing sings sang begin begins began",
    "conclude concludes concluded",
)
"""Cues only beside a direct quote ("…," she laughed)."""

INDIRECT_QUESTION_WORDS = frozenset("whether if why how what when where who".split())
""""asked whether …": asking reports a question of the asker."""

GERUND_CUES = _forms(
    "saying telling adding noting explaining stating writing tweeting posting arguing",
    "claiming insisting warning declaring asking",
)
"""-ing forms that attribute only when a quote or "that" follows."""

SPEECH_NOUNS = frozenset(
    """
    statement statements release releases announcement announcements communique communiqué
    filing interview remarks speech testimony conference briefing memo letter op-ed email
    tweet post posting blog report reports message note comments words advice message
    """.split()
)
"""Nouns that carry speech: "said in a statement", "Cornyn's statement added"."""

PRESS_RELEASE_NOUNS = frozenset(
    "statement statements release releases announcement communique communiqué filing".split()
)
"""Speech nouns that make the sentence a press release."""

EVALUATIVE_ADJECTIVES = frozenset("critical supportive skeptical sceptical dismissive".split())
""""were critical of the attacks": an attribution of a stance."""

EVIDENCE_VERBS = _forms("find finds found show shows showed indicate indicates indicated")
"""Findings: attributions of documents ("The study found that …"), or of anyone with "that"."""

BELIEF_VERBS = _forms(
    "believe believes believed think thinks thought fear fears feared expect expects expected",
    "worry worries worried suspect suspects suspected doubt doubts doubted feel feels felt",
    "hope hopes hoped",
)
"""Belief, not speech: an attribution only when the holder is vague ("Many farmers fear")."""

INVERTIBLE = frozenset(
    """
    say add write continue explain note ask recall remark reply answer observe declare insist
    argue warn caution state conclude laugh quip exclaim respond counter retort
    shout whisper mutter sigh joke snap scoff concede acknowledge admit testify point
    """.split()
)
"""Lemmas that may precede their speaker (""…," said X"); "told X" names the listener."""

CONTENT_ONLY_VERBS = frozenset("declare warn caution question".split())
"""Lemmas that attribute only with "that", a quote or a colon ("declared an emergency": an act)."""

NEGATED_NON_CUES = frozenset("confirm comment respond reply return answer".split())
"""Negated, these report a non-response ("could not confirm", "did not respond")."""

PASSIVE_AGENT_CUES = frozenset(
    "confirm announce disclose reveal deny accuse criticize criticise".split()
)
"""Passive cues whose "by X" agent is the source ("was confirmed by his daughter")."""

PREPOSITIONS = frozenset("for of on about with without in into from at seeking over under".split())
"""Before a cue word these make it a noun ("a request for comment")."""

OPINION_NOUNS = frozenset(
    "view opinion estimation judgment judgement words assessment telling".split()
)
""""In his view, …": low-priority attribution to the possessor."""

DOCUMENT_NOUNS = frozenset(
    """
    study studies report reports survey surveys poll polls paper analysis research review
    indictment complaint lawsuit documents document records data figures estimates estimate
    accounts account map maps results audit census testimony transcript letter memo
    filing filings release statement affidavit affidavits
    """.split()
)
"""Documents: "according to a study in X" names X; without a name the source is unnamed."""

# --- words around a cue ----------------------------------------------------------

AUXILIARIES = frozenset(
    """
    have has had having will would shall should can could may might must do does did
    not never also later earlier previously then again further once already repeatedly
    publicly privately recently first last separately personally subsequently initially
    still even just only frequently often immediately quickly angrily flatly openly
    reportedly allegedly apparently n't long since twice thrice
    """.split()
)
"""Words between a subject and its cue: kept in the cue, never part of the speaker."""

BE_FORMS = frozenset("is are was were be been being am 's".split())
"""A cue right after these is passive ("was told", "is said to"): no attribution."""

SUBORDINATORS = frozenset(
    """
    when whenever after before while until since because although though if unless
    once whereas whether
    """.split()
)
"""A clause opened by these is subordinate: a cue inside it reports an event."""

RELATIVE_PRONOUNS = frozenset("who whom whose which where".split())
"""An aside opened by these is skipped when looking for the speaker."""

PARTICIPLE_PREPOSITIONS = frozenset(
    "after before by for without while when of from in on upon despite".split()
)
"""A gerund after these is an event ("after criticizing the party")."""

DETERMINERS = frozenset("the a an this that these those its his her their our my your".split())
"""Before a cue word these make it a noun or adjective ("the stated goal")."""

NOT_CONTENT_AFTER = {
    "add": frozenset("to more up or another several about nearly roughly some".split()),
    # "state media", "state regulators": the noun "state" before a head noun
    "state": frozenset(
        """
        media television tv radio news agency agencies broadcaster officials regulators
        records lawmakers legislature legislators police department departments government
        governments law laws senator sen rep representative level funding budget capital
        prosecutors attorney auditor troopers health education
        """.split()
    ),
    "report": frozenset("to for".split()),
    "publish": frozenset("in on by".split()),
    "charge": frozenset("with".split()),
    "blame": frozenset("for".split()),
    "question": frozenset("by".split()),
}
"""Lemma → next words that make it a non-speech sense ("added to the confusion")."""

ACCORDING_TO_NOT_SOURCE = frozenset(
    """
    plan plans schedule schedules law laws rule rules tradition traditions custom protocol
    script expectations expectation tradition design instructions regulations the
    """.split()
) - {"the"}
"""Heads after "according to" that are no source ("according to plan")."""

# --- speakers -------------------------------------------------------------------

PRONOUNS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "his": "person",
    "they": "group",
    "we": "group",
    "it": "org",
    "i": "person",
    "their": "group",
    "its": "org",
}
"""Subject pronouns and what they can refer to."""

POST_NOMINALS = frozenset(
    """
    kc qc sc mp mep msp mla mpp mna mhk obe mbe cbe kbe dbe frs phd md jd esq jr sr ii iii iv
    """.split()
)
"""Letters after a name ("Jane Roe, KC, said"): part of the person, never the speaker."""

TITLE_WORDS = frozenset(
    """
    ceo cfo coo cto chairman chairwoman chair chairperson president vice-president
    director directors spokesperson spokesman spokeswoman spokespeople secretary minister
    governor mayor senator sen rep representative congressman congresswoman gov gen general
    dr prof professor judge justice coach manager chief founder co-founder cofounder analyst
    former then acting deputy state executive administrator ambassador commissioner
    councilman councilwoman councillor councilor member leader head officer official
    editor reporter correspondent columnist economist lawyer attorney prosecutor
    sheriff captain capt lieutenant lt colonel col major maj sergeant sgt commander
    admiral adm inspector superintendent detective chancellor premier king queen prince
    princess lord lady sir mr mrs ms miss mx rev reverend father pastor bishop cardinal
    pope imam rabbi chief-executive managing partner owner principal dean provost
    student major psychology researcher scientist activist astronaut diplomat envoy mediator
    negotiator agent adviser advisor aide engineer teacher nurse farmer resident physician
    surgeon pilot officer trooper deputy firefighter athlete player striker midfielder
    defender goalkeeper winner author writer novelist critic historian pianist musician
    singer actor actress artist designer architect entrepreneur investor banker trader
    strategist consultant pollster organizer organiser volunteer candidate challenger
    incumbent nominee councilwoman alderman alderwoman trustee superintendent commissioner
    mp mep prime deputy-director ceo-elect chairman-elect president-elect coun cllr
    forward guard center centre quarterback pitcher catcher outfielder infielder shortstop
    linebacker receiver wingback fullback winger halfback keeper anchor host moderator
    co-host cohost presenter interviewer
    """.split()
)
"""Words of a title before a name ("NBA China CEO Michael Ma" → title "NBA China CEO")."""

SPOKESPERSON_WORDS = frozenset(
    "spokesperson spokesman spokeswoman spokespeople representative representatives "
    "press-secretary".split()
)
"""A spokesperson speaks for an organisation: press_release."""

MALE_TITLES = frozenset(
    "mr sir lord king prince father spokesman chairman congressman councilman businessman "
    "brother son husband grandfather uncle".split()
)
FEMALE_TITLES = frozenset(
    "mrs ms miss lady queen princess dame spokeswoman chairwoman congresswoman councilwoman "
    "businesswoman sister daughter wife mother grandmother aunt actress".split()
)

ORG_SUFFIXES = frozenset(
    """
    inc corp corporation co ltd llc plc group groups company companies authority department
    ministry agency agencies commission council committee party university college school
    police court league association union federation foundation institute institution
    bank fund board bureau office service services organization organisation network
    government administration army navy force forces command center centre hospital
    church district county city state republic kingdom parliament congress senate
    assembly club team industries holdings partners airlines airways systems
    technologies labs laboratories museum embassy consulate trust alliance coalition
    division cooperative co-op utility utilities commissioners directorate secretariat
    securities capital partners associates brothers buses coaches trains railways railway
    lines networks products materials farms mills works sports markets centers centres
    institutes
    tribunal
    society program programme project initiative front movement campaign
    foods motors energy pharmaceuticals pharma media entertainment electronics brands
    stores markets solutions capital ventures insurance financial health resources
    mining petroleum oil gas steel telecom communications studios records games software
    library libraries grid airport port
        """.split()
)
"""Last words of an organisation's name."""

MEDIA_WORDS = frozenset(
    """
    news times post journal herald tribune gazette telegraph guardian independent observer
    chronicle examiner inquirer mail express mirror standard star globe sun register
    reuters ap afp bbc cnn nbc cbs abc fox msnbc npr pbs bloomberg xinhua yonhap tass
    interfax kyodo al-jazeera aljazeera politico axios wikinews newspaper magazine
    television tv radio broadcaster agency outlet daily weekly bulletin courier
    """.split()
)
"""Words that mark a news outlet: an outlet's report is indirect_quote, not press_release."""

ORG_HEADS = frozenset(
    """
    company firm ministry agency department government authority authorities administration
    trust council board
    police military army court council committee league party group organization
    organisation union bank board office embassy campaign team club district school
    university hospital regulator commission state country white-house
    """.split()
)
"""Common nouns for organisations ("the company said" → press_release)."""

VAGUE_HEADS = frozenset(
    """
    officials official authorities sources source critics critic analysts analyst experts
    mps meps lawmakers
    expert observers observer insiders insider aides aide advisers adviser advisors advisor
    allies ally supporters supporter opponents opponent residents resident witnesses
    witness economists economist researchers researcher scientists scientist
    investigators investigator prosecutors prosecutor lawmakers lawmaker legislators
    diplomats diplomat activists activist people person some many others several most
    reports report estimates estimate polls poll studies study media posts post posting
    postings poster posters users user individuals individual commentators commentator
    observers bloggers blogger members member employees employee workers worker staff
    officers officer doctors doctor locals local fans fan parents teachers students
    protesters protestors campaigners groups organizers organisers leaders figures
    """.split()
)
"""Heads of vague sources ("officials said", "a senior official") → unnamed_source."""

VAGUE_MARKERS = frozenset(
    """
    familiar anonymity anonymous unnamed unidentified briefed close knowledgeable
    """.split()
)
"""Words that make any source unnamed ("people familiar with the matter")."""

COUNTRIES = frozenset(
    """
    afghanistan albania algeria argentina armenia australia austria azerbaijan bahrain
    bangladesh belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chile
    china colombia congo croatia cuba cyprus czechia denmark ecuador egypt england eritrea
    estonia ethiopia finland france georgia germany ghana greece guatemala haiti honduras
    hungary iceland india indonesia iran iraq ireland israel italy japan jordan kazakhstan
    kenya korea kosovo kuwait laos latvia lebanon libya lithuania luxembourg malaysia mali
    mexico moldova mongolia montenegro morocco mozambique myanmar nepal netherlands
    nicaragua niger nigeria norway oman pakistan palestine panama paraguay peru
    philippines poland portugal qatar romania russia rwanda scotland senegal serbia
    singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan
    tajikistan tanzania thailand tunisia turkey uganda ukraine uruguay uzbekistan
    venezuela vietnam wales yemen zambia zimbabwe britain us usa uk un eu nato
    washington beijing moscow pyongyang seoul tokyo kyiv kiev tehran london paris berlin
    """.split()
)
"""Countries and capitals used as speakers ("North Korea stated"): treated as organisations."""

REGIONS = frozenset(
    """
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming
    new-hampshire new-jersey new-mexico new-york north-carolina north-dakota rhode-island
    south-carolina south-dakota west-virginia
    ontario quebec alberta manitoba saskatchewan nova-scotia new-brunswick british-columbia
    queensland victoria tasmania new-south-wales
    """.split()
)
"""States, provinces and regions (multi-word names hyphenated): places, not people."""

NAME_PARTICLES = frozenset(
    "al el bin ibn abu de da di du van von der den la le ter dos das del".split()
)
"""Lower-case particles inside personal names ("Suleiman al-Amr", "Ludwig van Beethoven")."""

NOT_NAMES = frozenset(
    """
    The A An He She It They We I You His Her Its Their Our This That These Those There
    But And Or So Yet In On At For From By With As After Before When While If Although
    According Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December Image Photo
    Mr Mrs Ms Dr Sen Rep Gov Gen Lt Col Capt Prof Rev St
    Many Some Several Most Few Both Each Every All Any Other Others
    """.split()
)
"""Capitalised words that do not start a personal name."""

# --- hedges ---------------------------------------------------------------------

HEDGE_WORDS = frozenset(
    """
    allegedly alleged reportedly purportedly supposedly ostensibly unconfirmed unverified
    so-called claimed claiming accused accuses accusing accuse alleges allege alleging
    """.split()
)
"""Evidential hedge words, listed as written."""

STRONG_HEDGE_FRAMES = (
    r"(?:is|are|was|were|has been|have been|had been|being|stands?|stood)\s+accused\s+of",
    r"(?:is|are|was|were|has been|have been)\s+(?:charged\s+with|suspected\s+of)",
    r"(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:believed|thought|said|reported|understood|alleged|rumou?red)\s+to",
    r"(?:it\s+is|it\s+was|it\s+has\s+been)\s+(?:\w+ly\s+)?(?:believed|thought|said|reported|alleged|claimed|rumou?red|understood)(?:\s+that|(?=\s+(?:he|she|they|the|his|her|their)\s)|$)",
)
"""Hedge frames that make an unsourced claim ``alleged`` (regular expressions, case-insensitive)."""

WEAK_HEDGE_FRAMES = (
    r"has\s+been\s+accused",
    r"accused\s+of",
)
"""Hedge frames listed but not enough alone: a claim someone makes is sourced by them."""

STRONG_HEDGES = frozenset(
    "allegedly alleged reportedly purportedly supposedly unconfirmed unverified".split()
)

CLAIM_NOUNS = frozenset("claim claims".split())
"""Hedges only when a determiner or subject precedes ("her claim that", not "insurance claims")."""
"""Hedges that alone make an unsourced sentence ``alleged`` ("so-called" does not)."""

# --- structural lines -----------------------------------------------------------

CREDIT_LABELS = frozenset(
    """
    image photo photograph picture video credit credits caption illustration graphic
    source sources file
    """.split()
)
"""Labels of caption credits ("Image: NASA.")."""

PROMO_PREFIXES = (
    "(related",
    "related:",
    "read more",
    "read also",
    "also read",
    "see also",
    "more:",
    "advertisement",
    "sign up",
    "subscribe",
    "follow us",
    "click here",
    "share this",
    "this article originally appeared",
    "follow ",
    "this story originally appeared",
    "reporting by",
    "editing by",
    "additional reporting",
    "writing by",
    "copyright",
    "©",
    "all rights reserved",
    "published:",
    "updated:",
    "posted:",
    "last updated",
    "watch:",
    "listen:",
    "(photo",
    "(image",
    "(video",
    "(ap photo",
    "(reuters",
    "(getty",
    "originally published",
    "first published",
    "this is a developing",
    "this story is developing",
    "check back",
    "share or comment",
    "correction:",
    "clarification:",
    "editor's note:",
    "editor’s note:",
    "opinion:",
    "commentary:",
    "for more information, visit",
    "for more information, contact",
    "for more information visit",
)
"""Line openings of boilerplate, promos, credits and metadata (lower case)."""

# --- gender of forenames (for "she said" after a man was quoted) ---------------

FEMALE_NAMES = _forms(
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty",
    "margaret sandra ashley kimberly emily donna michelle carol amanda melissa deborah",
    "stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela",
    "emma nicole helen samantha katherine christine debra rachel carolyn janet catherine maria",
    "heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn",
    "judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances",
    "kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn danielle",
    "beverly isabella theresa diana natalie brittany charlotte marie kayla alexis lori claire",
    "clare rose rosa anne annie ava mia chloe zoe lily ella amelia harper aria layla nora",
    "lena leena elena ellen eleanor celeste tanya tania priya priyanka aisha fatima amina",
    "folasade funmilayo ngozi chioma amara ama akosua yaa esi nia imani zara zainab mariam",
    "miriam maryam leila laila yasmin yasmine noor sofia sophie lucia lucy carmen isabel",
    "gabriela gabrielle valentina camila daniela paula ana ines ines mercedes dolores",
    "maribel rosalind rosalyn lorraine corinne colette agnes ingrid astrid freya sigrid",
    "greta hanna johanna katarina katrin ilse heidi monika petra sabine birgit ursula",
    "yuki yoko keiko akiko mei ling li na hui xiu anjali sunita deepa kavita meera neha",
    "pooja divya shreya ananya lidia lydia nadia natasha svetlana olga irina tatiana anastasia",
    "ekaterina marta magdalena agnieszka beata ewa zofia clara francesca giulia chiara",
    "martina alessandra federica margot amelie camille chantal manon juliette sabrina",
    "dana erin kate katie kathy beth betsy peggy sue jill joy faith hope charity gwen",
    "wendy tracy stacy holly molly polly fiona shona moira siobhan aoife niamh sinead",
    "bridget brigid maeve orla ruby poppy daisy jasmine iris violet hazel ivy willow",
    "audrey vivian lillian marion edith ethel mildred florence irene louise lucille",
    "celia cecilia delia stella sheila leah eva eve ada ida vera tina gina nina rita",
    "renee simone yvonne ivonne nathalie sylvie brigitte veronique helene margarethe",
    "adaeze adaora ifeoma yetunde bisi folake thandiwe nomvula zanele lindiwe precious",
    "naomi ruth esther judith deborah hadassah talia tamar noa shira yael",
    # more common English forenames, and forms seen in political and business copy
    "hillary carly megyn nikki condoleezza kellyanne huma debbie jeanne jeanette marsha",
    "marcia tammy tami kristen kirsten kristin krista kristina kristi jenny jen suzanne",
    "susanna susie liz lizzie becky roxanne meghan maggie madeline madeleine jodi jody",
    "keri terri teri sherry sheri cheri cathy kathie kay kaye loretta valerie whitney",
    "brooke courtney kelsey chelsea haley hailey kaitlyn caitlin kaylee jocelyn joanne",
    "joann joanna roberta patty patti trish tricia marianne maryann sally penny penelope",
    "gretchen harriet tamara kamala ilhan alexandria ayanna rashida pramila tulsi kyrsten",
    "elise stacey candace candice claudia michele melania ivanka tiffany ginny ginger",
    "josephine lynn lynne karla carla marla kara cara sheryl",
)
"""Common women's forenames (lower case)."""

MALE_NAMES = _forms(
    "james robert john michael david william richard joseph thomas charles christopher daniel",
    "matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy",
    "ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin",
    "scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry",
    "tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy",
    "christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse",
    "jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy",
    "vincent ralph eugene russell bobby mason philip louis harry liam oliver lucas leo max",
    "miles marcus luca luis carlos miguel diego javier alejandro rafael pablo mateo santiago",
    "tomas tobias tobias malcolm martin ian hugo felix oscar otto hans klaus jurgen dieter",
    "wolfgang stefan sven lars erik anders magnus nils olaf bjorn pierre jean-luc jacques",
    "francois michel philippe antoine nicolas olivier giovanni giuseppe marco alessandro",
    "lorenzo matteo paolo franco enzo sergei ivan dmitri vladimir alexei mikhail nikolai",
    "yuri oleg andrei piotr pawel krzysztof tomasz jan karel milan dragan florin mihai",
    "ahmed mohamed mohammed muhammad ali omar hassan hussein khaled khalid yusuf youssef",
    "ibrahim mustafa tariq karim abdul hamdullah suleiman salman faisal rashid samir",
    "raj rajesh ravi vikram arjun amit anil sanjay suresh rahul aditya krishna vijay",
    "wei jun hao ming jian hiroshi takashi kenji akira satoshi kazuo haruto min-jun",
    "chinedu emeka obinna chukwuma oluwaseun tunde femi kwame kofi kwabena yaw thabo",
    "sipho themba musa tendai tafadzwa paulo joao pedro andre rui nuno duarte sergio",
    "albert alberto bernard bernardo cedric damian declan desmond dominic duncan edgar",
    "edmund elliott emmett ernest everett felipe fernando floyd francis fred frederick",
    "gil glen glenn gordon graham grant guy howard isaac jake jay jim jimmy jon josh julian",
    "kurt lance lee leon leonard lloyd luke mario marvin maurice mitchell",
    "neil nigel norman owen perry phil quentin ray reginald rex ricardo rick",
    "rodney ross rudy rufus russ sam seth shane sidney simon stanley stuart ted terrence",
    "theodore todd tom tony travis trevor troy victor vernon wade warren wesley will",
    "aled dale dean derek dwight earl ed eli emil ezra gavin hal harvey herbert herman",
    "homer horace irving jasper jerome jonah kirk lyle mack marshall milton murray nat",
    "ned nelson otis percy ralph raul reuben roland rolf ronan rory saul silas sol spencer",
    "barack joe bill vlad xi tommy jimmie sonny buddy",
    # more common English forenames, and forms seen in political and business copy
    "bernie jeb ben chris mitt rand newt mike reince sean jared corey marco bobby scott",
    "ron rudolph hunter beau tim billy bob bobbie rob robbie jack jeff jerry gerry greg",
    "gregg doug dan danny dave davey don donny eddie frank frankie freddie gary gene harry",
    "hank herb jonathan joshua ken kenny kent larry len lenny les lou matt matthew mick",
    "mickey nate nick pat pete randy reggie rich richie roy russell sammy sid stan steve",
    "stevie stu teddy terry walt wally wes zach zack chuck chad brad brett bret bryan brian",
    "cory curt curtis elijah elliot ivan jesse kyle marty mitch monte morris nolan norm",
    "orrin randall sherrod thad trey tucker vern wayne wendell willie",
)
"""Common men's forenames (lower case)."""

PLACE_SUFFIXES = frozenset(
    """
    street avenue ave road rd boulevard blvd lane drive highway freeway parkway
    square plaza bridge river creek mountain mountains valley island islands
    harbor harbour heights county township village
    """.split()
)
"""Last words of a capitalised run that names a place, not a person ("Corrigan Street").
Surnames that are also place words (Park, Lake, Bay, Hill) are left out."""
