"""Given and family names of West and Central Africa, for demo data only.

Written by hand, by naming tradition rather than by country, because the same tradition crosses borders
(Fulɓe from Senegal to Cameroon, Hausa in Nigeria and Niger, Mande from the Gambia to Côte d'Ivoire) while
the spelling follows the colonial language of the registry: Ousmane in Niamey is Usman in Kano, Diallo in
Conakry is Jallow in Banjul and Djaló in Bissau. Those variants are what makes search hard, so the demo
data carries them on purpose (SPELLING_VARIANTS).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class NamingTradition:
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    languages: tuple[str, ...]
    # Tuareg and Moorish names are patronymic: "Ag Alhassane" (son of), "Walet Alhassane" (daughter of).
    son_of: str = ""
    daughter_of: str = ""


# The lists below are laid out by hand, several names a line, to stay readable.
# fmt: off
TRADITIONS: dict[str, NamingTradition] = {
    # Hausa as written in Nigeria (English transliteration).
    "hausa_ng": NamingTradition(
        male=(
            "Abubakar", "Aliyu", "Bello", "Garba", "Haruna", "Ibrahim", "Isa", "Lawal", "Muhammadu", "Musa",
            "Nasiru", "Sani", "Shehu", "Umaru", "Usman", "Yakubu", "Yusuf", "Abdullahi", "Danjuma", "Kabiru",
            "Auwal", "Salisu", "Tukur", "Zakari", "Muhammad", "Suleiman", "Idris", "Mustapha", "Aminu", "Nura",
        ),
        female=(
            "Hauwa", "Hadiza", "Zainab", "Aisha", "Binta", "Amina", "Fatima", "Maryam", "Salamatu", "Rukayya",
            "Jummai", "Balaraba", "Halima", "Khadija", "Maimuna", "Larai", "Saratu", "Asmau", "Ladi", "Talatu",
            "Hafsatu", "Aishatu", "Sadiya", "Bilkisu",
        ),
        family=(
            "Abdullahi", "Aliyu", "Bello", "Garba", "Ibrahim", "Lawal", "Musa", "Sani", "Shehu", "Usman",
            "Yakubu", "Yusuf", "Abubakar", "Suleiman", "Idris", "Haruna", "Umar", "Balarabe", "Tanko", "Dahiru",
            "Jibrin", "Mustapha", "Danladi", "Maikudi", "Abdulkadir", "Kabir", "Tijjani", "Sambo",
        ),
        languages=("Hausa", "Hausa", "Hausa", "Fulfulde"),
    ),
    # Hausa as written in Niger (French transliteration).
    "hausa_ne": NamingTradition(
        male=(
            "Abdou", "Adamou", "Chaibou", "Habibou", "Hassane", "Ibrahim", "Issa", "Issoufou", "Laouali",
            "Mahamadou", "Maman", "Moussa", "Nafiou", "Ousmane", "Salissou", "Sani", "Souley", "Yahaya",
            "Zakari", "Idi", "Boubacar", "Aboubacar", "Abdoulaziz", "Harouna", "Mamane", "Rabiou", "Sanoussi",
            "Mahaman", "Oumarou", "Elhadji",
        ),
        female=(
            "Aïchatou", "Balkissa", "Fati", "Hadiza", "Haoua", "Mariama", "Rabi", "Ramatou", "Salamatou",
            "Zeinabou", "Hadjara", "Nana", "Halima", "Rakia", "Saadatou", "Aminatou", "Habsatou", "Mariamou",
            "Safiya", "Nafissa", "Zalika",
        ),
        family=(
            "Abdou", "Adamou", "Chaibou", "Garba", "Harouna", "Issa", "Issoufou", "Laouali", "Mahamane",
            "Maman", "Moussa", "Oumarou", "Saidou", "Salissou", "Souley", "Yahaya", "Idrissa", "Mahamadou",
            "Sani", "Ibrahim", "Hamissou", "Abdoulaye", "Maazou", "Dan Malam", "Kané", "Nouhou",
        ),
        languages=("Hausa", "Hausa", "Hausa", "Zarma"),
    ),
    # Zarma and Songhai (western Niger, the Niger bend in Mali).
    "zarma": NamingTradition(
        male=(
            "Amadou", "Boubacar", "Djibo", "Hamani", "Hamidou", "Harouna", "Hassane", "Idrissa", "Issaka",
            "Moumouni", "Oumarou", "Seyni", "Soumaïla", "Soumana", "Yacouba", "Halidou", "Mounkaïla", "Garba",
            "Hama", "Abdoulaye", "Alzouma", "Bachir", "Mahamadou", "Ali", "Younoussa",
        ),
        female=(
            "Mariama", "Zeinabou", "Fatouma", "Rakiatou", "Salamatou", "Aïssa", "Hawa", "Haoua", "Ramatou",
            "Adiza", "Balkissa", "Safiatou", "Kadidiatou", "Fati", "Hamsatou", "Nafissa", "Mariamou", "Aminata",
            "Fatima",
        ),
        family=(
            "Hamani", "Seyni", "Djibo", "Soumana", "Moumouni", "Hama", "Halidou", "Idrissa", "Maïga", "Touré",
            "Cissé", "Siddo", "Tondi", "Mounkaïla", "Garba", "Boubacar", "Hassane", "Harouna", "Yacouba",
            "Issaka", "Alzouma", "Ganda", "Kimba", "Amadou", "Abdou",
        ),
        languages=("Zarma", "Zarma", "Songhai"),
    ),
    # Kanuri (Borno in Nigeria, Diffa in Niger, the Lake Chad shores).
    "kanuri": NamingTradition(
        male=(
            "Modu", "Bukar", "Kolo", "Goni", "Mustapha", "Kachalla", "Lawan", "Ari", "Abba", "Mala", "Zanna",
            "Kyari", "Umar", "Mohammed", "Babagana", "Bulama", "Ali", "Baba",
        ),
        female=(
            "Fanna", "Yagana", "Kaltum", "Zara", "Falmata", "Bintu", "Yakaka", "Aisha", "Hajja", "Amina",
            "Fatima", "Hadiza", "Maryam", "Adama",
        ),
        family=(
            "Modu", "Bukar", "Kolo", "Goni", "Kachalla", "Mustapha", "Lawan", "Mala", "Zanna", "Kyari", "Ali",
            "Gana", "Tijjani", "Ahmed", "Kaumi", "Abba",
        ),
        languages=("Kanuri", "Kanuri", "Hausa"),
    ),
    # Fulfulde / Pular, written the French way (Guinea, Senegal, Mali, Burkina Faso, Niger, Cameroon).
    "fulfulde": NamingTradition(
        male=(
            "Amadou", "Ahmadou", "Hamadou", "Boubacar", "Ousmane", "Oumarou", "Alpha", "Thierno", "Hamidou",
            "Abdoulaye", "Saïdou", "Moctar", "Mamadou", "Souleymane", "Ibrahima", "Idrissa", "Sidi", "Hama",
            "Demba", "Samba", "Mamadou Saliou", "Alpha Oumar", "Ibrahima Sory", "Boubacar Biro",
        ),
        female=(
            "Aïssata", "Aissatou", "Mariama", "Kadiatou", "Fatoumata", "Oumou", "Habsatou", "Dieynaba",
            "Ramatoulaye", "Hawa", "Kadidia", "Djenabou", "Hadja", "Aminata", "Néné", "Fatoumata Binta",
            "Mariama Dalanda", "Maïmouna",
        ),
        family=(
            "Diallo", "Barry", "Bah", "Sow", "Bâ", "Baldé", "Sidibé", "Sangaré", "Dicko", "Tall", "Ly", "Dia",
            "Kane", "Diallo", "Diallo", "Barry", "Bah", "Sow", "Cissé", "Djalo", "Embaló", "Boye", "Nouhou",
        ),
        languages=("Fulfulde", "Pular", "Fulfulde"),
    ),
    # The Gambia: Mandinka, Wolof and Fula names in the English spelling of Banjul.
    "gambian": NamingTradition(
        male=(
            "Lamin", "Ebrima", "Momodou", "Alieu", "Abdoulie", "Ousman", "Alagie", "Modou", "Sulayman", "Omar",
            "Bakary", "Saikou", "Yusupha", "Musa", "Buba", "Lamin Kebba", "Sheriff", "Kebba",
        ),
        female=(
            "Isatou", "Fatou", "Haddy", "Kaddy", "Mariama", "Binta", "Awa", "Jainaba", "Oumie", "Ramatoulie",
            "Ndey", "Aji", "Nyima", "Sainabou", "Mbassey",
        ),
        family=(
            "Jallow", "Ceesay", "Touray", "Jammeh", "Sanneh", "Bojang", "Darboe", "Njie", "Jobe", "Sowe",
            "Camara", "Jatta", "Manneh", "Drammeh", "Saidy", "Sillah", "Baldeh", "Krubally", "Bah", "Barry",
            "Kuyateh", "Fofana",
        ),
        languages=("Mandinka", "Wolof", "Fula"),
    ),
    # Wolof and Serer (Senegal).
    "wolof": NamingTradition(
        male=(
            "Modou", "Moustapha", "Cheikh", "Ibrahima", "Mamadou", "Abdou", "Serigne", "Pape", "Babacar",
            "Assane", "Lamine", "Ousmane", "Alioune", "Mouhamed", "Abdoulaye", "Massamba", "Malick", "Omar",
            "Idrissa", "Saliou", "El Hadji Malick", "Mor", "Ndiaga", "Cheikh Tidiane", "Moussa",
        ),
        female=(
            "Fatou", "Awa", "Astou", "Ndèye", "Coumba", "Khady", "Rokhaya", "Sokhna", "Mame Diarra", "Adama",
            "Aminata", "Binta", "Maïmouna", "Mariama", "Ndèye Fatou", "Aïda", "Dieynaba", "Penda", "Yacine",
            "Marème", "Seynabou", "Arame", "Ndèye Coumba",
        ),
        family=(
            "Ndiaye", "Diop", "Fall", "Gueye", "Sarr", "Mbaye", "Ndour", "Sène", "Faye", "Thiam", "Seck",
            "Mboup", "Diouf", "Niang", "Cissé", "Sy", "Lô", "Dieng", "Samb", "Diagne", "Wade", "Sow", "Ndao",
            "Ba", "Tine",
        ),
        languages=("Wolof", "Wolof", "Serer"),
    ),
    # Mande: Bambara, Malinké, Dioula, Soninké, Susu (Mali, Guinea, Côte d'Ivoire, Burkina Faso).
    "mande": NamingTradition(
        male=(
            "Moussa", "Mamadou", "Seydou", "Bakary", "Sékou", "Drissa", "Lassana", "Modibo", "Sidiki", "Adama",
            "Souleymane", "Yacouba", "Mamadi", "Fodé", "Lansana", "Namory", "Karamoko", "Siaka", "Daouda",
            "Bourama", "Brahima", "Issa", "Nouhoum", "Sory", "Moriba", "Mory", "Lassina", "Kalifa", "Oumar",
            "Boubacar",
        ),
        female=(
            "Fatoumata", "Aminata", "Kadiatou", "Mariam", "Oumou", "Hawa", "Awa", "Djénéba", "Rokia", "Fanta",
            "Salimata", "Kadidia", "Assitan", "Mah", "Sira", "Bintou", "Kani", "Nana", "Maïmouna", "Korotoumou",
            "Massitan", "Sitan", "Fily", "Saran", "Makoura", "Aïssata", "Mariétou", "Nassira",
        ),
        family=(
            "Traoré", "Coulibaly", "Keïta", "Konaté", "Diarra", "Camara", "Sissoko", "Kouyaté", "Dembélé",
            "Koné", "Sanogo", "Doumbia", "Touré", "Cissé", "Fofana", "Diakité", "Sidibé", "Doumbouya", "Kanté",
            "Condé", "Kourouma", "Sylla", "Diabaté", "Bagayoko", "Samaké", "Dramé", "Soumaoro", "Berthé",
            "Mariko", "Bamba", "Ouattara", "Diawara", "Soumah", "Bangoura", "Traoré", "Coulibaly", "Traoré",
            "Konaté", "Magassa", "Tounkara",
        ),
        languages=("Bambara", "Malinké", "Dioula", "Soninké"),
    ),
    # Mossi (Burkina Faso, and a large community in Côte d'Ivoire).
    "mossi": NamingTradition(
        male=(
            "Boukary", "Salif", "Issaka", "Ousséni", "Noufou", "Rasmané", "Moumouni", "Hamado", "Adama",
            "Souleymane", "Inoussa", "Lassané", "Wendpanga", "Wendyam", "Paul", "Jean-Baptiste", "Pascal",
            "Saïdou", "Harouna", "Hamidou", "Abdoulaye", "Mahamadi", "Idrissa", "Boureima", "Karim",
        ),
        female=(
            "Alimata", "Safiatou", "Zénabou", "Rasmata", "Awa", "Assita", "Mariam", "Wendkouni", "Pélagie",
            "Fatimata", "Kadidiatou", "Azéta", "Habibou", "Bibata", "Rakiéta", "Aminata", "Salamata", "Sali",
            "Adjaratou", "Germaine", "Odile", "Pauline", "Fatoumata",
        ),
        family=(
            "Ouédraogo", "Sawadogo", "Kaboré", "Compaoré", "Zongo", "Kafando", "Nikiéma", "Ilboudo",
            "Zoungrana", "Tapsoba", "Kiendrébéogo", "Yaméogo", "Bonkoungou", "Ouédraogo", "Sawadogo", "Kinda",
            "Nana", "Bamogo", "Zoundi", "Belem", "Sana", "Derra", "Konkobo", "Rouamba", "Ouoba", "Sanou",
        ),
        languages=("Mooré", "Mooré", "Dioula"),
    ),
    # Akan (Twi, Fante) as written in Ghana.
    "akan": NamingTradition(
        male=(
            "Kwame", "Kofi", "Kwaku", "Kwabena", "Yaw", "Kwasi", "Kojo", "Kwadwo", "Kwesi", "Kobina", "Kweku",
            "Fiifi", "Emmanuel", "Samuel", "Daniel", "Isaac", "Prince", "Ebenezer", "Stephen", "Richmond",
        ),
        female=(
            "Ama", "Akosua", "Adwoa", "Abena", "Akua", "Yaa", "Afua", "Efua", "Esi", "Aba", "Araba", "Adjoa",
            "Abigail", "Gifty", "Mercy", "Comfort", "Patience", "Grace", "Vida", "Mavis", "Akos",
        ),
        family=(
            "Mensah", "Owusu", "Boateng", "Asante", "Osei", "Agyeman", "Appiah", "Ofori", "Amoah", "Darko",
            "Bonsu", "Acheampong", "Antwi", "Adjei", "Asamoah", "Frimpong", "Sarpong", "Gyamfi", "Opoku",
            "Quaye", "Addo", "Tetteh", "Quartey", "Amankwah", "Ansah", "Baffoe", "Annan", "Sackey",
        ),
        languages=("Twi", "Twi", "Fante", "Ga"),
    ),
    # Dagbani and other northern Ghanaian names.
    "dagbani": NamingTradition(
        male=(
            "Iddrisu", "Abdul-Rahman", "Alhassan", "Mahama", "Fuseini", "Adamu", "Yakubu", "Issahaku",
            "Abdulai", "Seidu", "Mohammed", "Sulemana", "Abukari", "Zakaria", "Karim", "Osman", "Salifu",
        ),
        female=(
            "Mariama", "Ayishetu", "Memuna", "Sanatu", "Fati", "Rabi", "Amina", "Hawa", "Rahinatu", "Salamatu",
            "Azara", "Fuseina", "Mariam", "Hajia", "Abiba",
        ),
        family=(
            "Alhassan", "Iddrisu", "Mahama", "Yakubu", "Abdulai", "Fuseini", "Issahaku", "Seidu", "Abukari",
            "Sulemana", "Osman", "Zakaria", "Mohammed", "Dawuda", "Haruna", "Salifu", "Yussif",
        ),
        languages=("Dagbani", "Dagbani", "Hausa"),
    ),
    # Ewe and Mina (south-eastern Ghana, southern Togo).
    "ewe": NamingTradition(
        male=(
            "Kossi", "Kodjo", "Komla", "Koffi", "Yao", "Kwami", "Kokou", "Edem", "Mawuli", "Selorm", "Senyo",
            "Elikem", "Dela", "Komlan", "Kodjovi", "Koami", "Kossivi", "Yawo", "Messan", "Atsu", "Dodzi",
            "Kodzo", "Kafui",
        ),
        female=(
            "Akossiwa", "Ablavi", "Akouvi", "Adjoa", "Ayaba", "Yawa", "Afi", "Abla", "Dzifa", "Enyonam",
            "Esinam", "Sena", "Mawuena", "Delali", "Afiwa", "Amavi", "Akpene", "Sitsofe", "Kafui", "Edem",
        ),
        family=(
            "Agbeko", "Amegah", "Kpodo", "Dzandu", "Adzoh", "Agbodjan", "Ahiadeke", "Gbedemah", "Kuevi",
            "Tsikata", "Ahadzi", "Akakpo", "Folly", "Amouzou", "Agbenyega", "Dzokoto", "Gbadago", "Kudjawu",
            "Lawson", "Adjavon", "Ayité", "Adjamagbo", "Kpegba", "Amedzro", "Dogbe", "Mensah",
        ),
        languages=("Ewe", "Ewe", "Mina"),
    ),
    # Fon, Gun and neighbours (southern Benin).
    "fon": NamingTradition(
        male=(
            "Codjo", "Sèdjro", "Dossou", "Zinsou", "Sènan", "Mahougnon", "Sègla", "Comlan", "Kossi", "Koffi",
            "Hospice", "Romaric", "Gildas", "Arnaud", "Euloge", "Fiacre", "Fulbert", "Crépin", "Armel",
            "Hermann", "Rodrigue", "Landry", "Parfait", "Sourou",
        ),
        female=(
            "Sènami", "Houéfa", "Dossi", "Assiba", "Ayaba", "Ablawa", "Nadège", "Prudence", "Rolande", "Carine",
            "Reine", "Félicité", "Bernadette", "Edwige", "Chimène", "Fifamè", "Mahouna", "Estelle", "Sènou",
        ),
        family=(
            "Hounkpatin", "Ahouansou", "Gbaguidi", "Zinsou", "Houngbédji", "Agossou", "Dossou-Yovo", "Kpadonou",
            "Sossou", "Adjovi", "Akplogan", "Houessou", "Hounsa", "Tchibozo", "Akpovi", "Dossa", "Hounguè",
            "Gnonlonfoun", "Tossou", "Assogba", "Dansou", "Djossou", "Agbo", "Hounnou", "Kiki", "Avocè",
        ),
        languages=("Fon", "Fon", "Gun"),
    ),
    # Yoruba (south-western Nigeria, and the Nago of Benin).
    "yoruba": NamingTradition(
        male=(
            "Adebayo", "Oluwaseun", "Babatunde", "Olumide", "Femi", "Tunde", "Segun", "Kehinde", "Taiwo",
            "Ayodele", "Oluwafemi", "Adewale", "Olawale", "Gbenga", "Kayode", "Tobi", "Damilola", "Sodiq",
            "Hakeem", "Rasheed", "Lateef", "Ganiyu", "Azeez", "Kazeem", "Waheed", "Idowu",
        ),
        female=(
            "Folake", "Adenike", "Bukola", "Funmilayo", "Yetunde", "Omolara", "Titilayo", "Abosede", "Temitope",
            "Kemi", "Yewande", "Iyabo", "Modupe", "Ronke", "Bisola", "Sade", "Simisola", "Morenike", "Aduke",
            "Kafayat", "Rashidat", "Idiat", "Aminat", "Damilola", "Kehinde", "Taiwo",
        ),
        family=(
            "Adeyemi", "Ogunleye", "Adewale", "Olawale", "Afolabi", "Oyelaran", "Akinola", "Balogun",
            "Ogunbiyi", "Adebayo", "Okunola", "Oladipo", "Adeleke", "Ogundipe", "Olaniyan", "Ajayi", "Oyewole",
            "Bakare", "Lawal", "Salami", "Alade", "Ojo", "Babalola", "Adesina", "Ayinde", "Akande", "Ogunyemi",
        ),
        languages=("Yoruba", "Yoruba", "Yoruba", "Pidgin"),
    ),
    # Igbo (south-eastern Nigeria).
    "igbo": NamingTradition(
        male=(
            "Chinedu", "Emeka", "Chukwuemeka", "Obinna", "Ifeanyi", "Nnamdi", "Uchenna", "Chibuike", "Ikenna",
            "Kelechi", "Okechukwu", "Chidi", "Ebuka", "Onyebuchi", "Chinonso", "Uzoma", "Tochukwu", "Innocent",
            "Chigozie", "Somto",
        ),
        female=(
            "Ngozi", "Chioma", "Adaeze", "Nneka", "Amaka", "Ifeoma", "Chiamaka", "Uju", "Obiageli", "Chinyere",
            "Nkechi", "Ebere", "Ogechi", "Adaobi", "Onyinye", "Chidinma", "Uchechi", "Nkiru", "Ijeoma",
            "Blessing", "Chinwe",
        ),
        family=(
            "Okafor", "Okonkwo", "Eze", "Nwosu", "Obi", "Nwachukwu", "Okeke", "Anyanwu", "Igwe", "Nwankwo",
            "Onyeka", "Okoro", "Ugwu", "Nnaji", "Okoye", "Ezeh", "Chukwu", "Ibe", "Onuoha", "Agu", "Nwafor",
            "Mbah", "Orji", "Ogbonna", "Ezeani", "Umeh",
        ),
        languages=("Igbo", "Igbo", "Pidgin"),
    ),
    # Edo (Benin City), where much of the trafficking of women towards Libya and Europe is recruited.
    "edo": NamingTradition(
        male=(
            "Osagie", "Osaro", "Efosa", "Ehis", "Eghosa", "Ikponmwosa", "Nosa", "Omoruyi", "Uyi", "Osarobo",
            "Godwin", "Friday", "Sunday", "Lucky", "Monday", "Kingsley", "Osas",
        ),
        female=(
            "Osas", "Efe", "Itohan", "Esohe", "Ivie", "Osarugue", "Eki", "Omosede", "Osayuki", "Imade",
            "Blessing", "Joy", "Precious", "Favour", "Gift", "Happiness", "Mercy", "Faith", "Success", "Peace",
        ),
        family=(
            "Osagie", "Igbinedion", "Omoregie", "Ogbeide", "Aigbe", "Edokpayi", "Iyamu", "Osaghae", "Obasuyi",
            "Ekhator", "Uwadiae", "Idahosa", "Ehigiator", "Ogbebor", "Osayande", "Aghedo", "Edobor",
            "Ighodaro", "Uwaifo", "Okundaye", "Omorogbe", "Imafidon",
        ),
        languages=("Edo", "Pidgin", "Pidgin"),
    ),
    # Sierra Leone and Liberia: Temne, Mende, Limba, Kono, Vai and Krio usage.
    "mende_temne": NamingTradition(
        male=(
            "Mohamed", "Ibrahim", "Abu", "Alusine", "Foday", "Sorie", "Osman", "Abdul", "Sahr", "Tamba", "Musa",
            "Lamin", "Santigie", "Sheku", "Momoh", "John", "Joseph", "Emmanuel", "Amadu", "Augustine", "Morris",
        ),
        female=(
            "Fatmata", "Isatu", "Mariatu", "Kadiatu", "Hawanatu", "Aminata", "Adama", "Zainab", "Haja",
            "Memuna", "Kumba", "Baindu", "Hawa", "Jeneba", "Christiana", "Marie", "Fanta", "Sia", "Finda",
            "Musu", "Satta",
        ),
        family=(
            "Kamara", "Sesay", "Bangura", "Conteh", "Koroma", "Turay", "Kargbo", "Jalloh", "Mansaray", "Fofanah",
            "Kanu", "Bah", "Kallon", "Massaquoi", "Sankoh", "Tarawallie", "Kabia", "Dumbuya", "Samura", "Barrie",
            "Kollie", "Flomo", "Kromah", "Johnson", "Togba", "Kamara", "Sesay",
        ),
        languages=("Krio", "Temne", "Mende", "Kpelle"),
    ),
    # Cameroon (Beti, Bamileke, Duala and others).
    "cameroon": NamingTradition(
        male=(
            "Jean-Paul", "Emmanuel", "Serge", "Hervé", "Blaise", "Rodrigue", "Christian", "Ferdinand", "Martin",
            "Alain", "Patrice", "Yannick", "Armand", "Landry", "Junior", "Boris", "Franck", "Cyrille",
        ),
        female=(
            "Marie", "Brigitte", "Solange", "Nadège", "Esther", "Clarisse", "Sandrine", "Carine", "Mireille",
            "Odette", "Pélagie", "Berthe", "Rosine", "Vanessa", "Laure", "Francine", "Marie-Claire",
        ),
        family=(
            "Mbarga", "Atangana", "Fotso", "Kamga", "Njoya", "Tchinda", "Essomba", "Ngono", "Onana", "Mvondo",
            "Nana", "Tchakounté", "Kengne", "Talla", "Mbida", "Owona", "Manga", "Ebogo", "Tchatchoua",
            "Djoumessi", "Fouda", "Simo", "Ndongo", "Awono", "Bella", "Ngo Mbock",
        ),
        languages=("Ewondo", "Duala", "Ghomala'", "Pidgin"),
    ),
    # Chadian Arabic names (Chad, northern Cameroon).
    "chad_arabic": NamingTradition(
        male=(
            "Mahamat", "Abakar", "Haroun", "Hassan", "Brahim", "Idriss", "Moussa", "Adoum", "Oumar", "Saleh",
            "Hissein", "Abdelkerim", "Ahmat", "Youssouf", "Ali", "Abderaman", "Issa", "Khalil", "Djibrine",
            "Mahamat Nour", "Mahamat Saleh",
        ),
        female=(
            "Khadidja", "Achta", "Zenaba", "Halimé", "Amina", "Fatimé", "Hawaye", "Mariam", "Kaltouma", "Zara",
            "Hadjé", "Ache", "Haoua", "Nafissa", "Mariam", "Fatimé Zara",
        ),
        family=(
            "Mahamat", "Abakar", "Haroun", "Brahim", "Adoum", "Ousman", "Saleh", "Hissein", "Abdallah",
            "Ahmat", "Moussa", "Youssouf", "Idriss", "Djibrine", "Zakaria", "Hassaballah", "Abdelkerim",
            "Oumar", "Issa", "Ali",
        ),
        languages=("Chadian Arabic", "Chadian Arabic", "Kanembu"),
    ),
    # Gabon, the two Congos and Equatorial Guinea (Fang, Punu, Kongo, Lingala speakers).
    "central_bantu": NamingTradition(
        male=(
            "Exaucé", "Patrick", "Jean-de-Dieu", "Christian", "Glody", "Dieumerci", "Kevin", "Rodrigue",
            "Ghislain", "Paulin", "Jean-Baptiste", "Fiston", "Héritier", "Trésor", "Junior", "Chancel",
            "Prince", "Arsène",
        ),
        female=(
            "Grâce", "Merveille", "Divine", "Bénédicte", "Gloire", "Chancelle", "Prisca", "Sandrine", "Nadège",
            "Léontine", "Rachel", "Esther", "Ruth", "Dorcas", "Déborah", "Mireille", "Falonne", "Nathalie",
        ),
        family=(
            "Mbemba", "Tshibanda", "Mukendi", "Ilunga", "Kabongo", "Mbuyi", "Ngoma", "Makaya", "Moukoko",
            "Nsimba", "Malonga", "Matondo", "Massamba", "Ndong", "Obiang", "Nguema", "Mba", "Ondo", "Essono",
            "Mintsa", "Moussavou", "Boussougou", "Mabiala", "Bouanga", "Loemba", "Tsiba",
        ),
        languages=("Lingala", "Kikongo", "Fang", "Punu"),
    ),
    # Tuareg (northern Niger and Mali): men "Ag" and women "Walet" their father's name.
    "tamasheq": NamingTradition(
        male=(
            "Rhissa", "Ghali", "Agali", "Mohamed", "Ahmed", "Aboubacrine", "Alhassane", "Intalla", "Attaher",
            "Mossa", "Bilal", "Hamada", "Elmoctar", "Mohamed Ali", "Akly", "Assaleh",
        ),
        female=(
            "Fadimata", "Raichatou", "Lalla", "Tina", "Aminatou", "Zeinabou", "Hadizatou", "Fatimata",
            "Mariama", "Tahra", "Mina", "Aïcha",
        ),
        family=(
            "Alhassane", "Ahmed", "Mohamed", "Intalla", "Attaher", "Elmoctar", "Ghali", "Bilal", "Aghali",
            "Hamada", "Mossa", "Ibrahim", "Alhousseini",
        ),
        languages=("Tamasheq", "Tamasheq", "Hausa"),
        son_of="Ag",
        daughter_of="Walet",
    ),
    # Moorish (Hassaniya) names of Mauritania: "Ould" (son of), "Mint" (daughter of).
    "moor": NamingTradition(
        male=(
            "Mohamed", "Ahmed", "Sidi", "Cheikh", "Mohamed Lemine", "Brahim", "El Moctar", "Abdallahi", "Yahya",
            "Mohamed Salem", "Ely", "Sidi Mohamed", "Ahmedou",
        ),
        female=(
            "Mariem", "Fatimetou", "Aïchetou", "Khadijetou", "Zeinebou", "Lalla", "Vatma", "Toutou", "Salka",
            "Meimouna", "Mouna", "Aminetou",
        ),
        family=(
            "Mohamed", "Ahmed", "Sidi", "Cheikh", "Brahim", "Abdallahi", "Yahya", "Ely", "Ahmedou", "Mohamedou",
            "El Moctar", "Vall",
        ),
        languages=("Hassaniya", "Hassaniya", "Pulaar"),
        son_of="Ould",
        daughter_of="Mint",
    ),
    # Baoulé and other Akan of Côte d'Ivoire, written the French way.
    "baoule": NamingTradition(
        male=(
            "Kouassi", "Kouamé", "Konan", "Yao", "Kouadio", "N'Guessan", "Koffi", "Kouakou", "Kouadjo", "N'Dri",
            "Brou", "Aka", "Serge", "Jean-Claude", "Hervé", "Didier", "Franck",
        ),
        female=(
            "Affoué", "Akissi", "Amenan", "Ahou", "Adjoua", "Aya", "Amoin", "Ahoua", "Amoin", "Adjo", "Akoua",
            "Nadia", "Christelle", "Sylvie", "Rachelle",
        ),
        family=(
            "Kouassi", "Kouamé", "Konan", "Yao", "N'Guessan", "Kouadio", "Koffi", "Brou", "N'Dri", "Yapi", "Aka",
            "Kouakou", "Kra", "N'Goran", "Assi", "Tanoh", "Ehui", "Soro", "Silué", "Yéo", "Tuo",
        ),
        languages=("Baoulé", "Baoulé", "Dioula"),
    ),
}

# Which traditions a country's nationals are drawn from, with rough weights (demo only, not census shares).
TRADITIONS_BY_COUNTRY: dict[str, tuple[tuple[str, int], ...]] = {
    "NE": (("hausa_ne", 52), ("zarma", 22), ("tamasheq", 10), ("fulfulde", 8), ("kanuri", 5), ("chad_arabic", 3)),
    "NG": (("hausa_ng", 32), ("yoruba", 23), ("igbo", 21), ("edo", 16), ("kanuri", 6), ("fulfulde", 2)),
    "GH": (("akan", 60), ("dagbani", 22), ("ewe", 18)),
    "TG": (("ewe", 80), ("fon", 10), ("yoruba", 5), ("fulfulde", 5)),
    "BJ": (("fon", 65), ("yoruba", 20), ("hausa_ne", 8), ("fulfulde", 7)),
    "CI": (("baoule", 45), ("mande", 40), ("mossi", 15)),
    "SN": (("wolof", 60), ("fulfulde", 28), ("mande", 12)),
    "GM": (("gambian", 100),),
    "ML": (("mande", 60), ("fulfulde", 18), ("zarma", 12), ("tamasheq", 10)),
    "BF": (("mossi", 65), ("mande", 23), ("fulfulde", 12)),
    "GN": (("fulfulde", 45), ("mande", 55)),
    "GW": (("fulfulde", 50), ("mande", 50)),
    "SL": (("mende_temne", 100),),
    "LR": (("mende_temne", 100),),
    "MR": (("moor", 70), ("fulfulde", 15), ("wolof", 10), ("mande", 5)),
    "CM": (("cameroon", 75), ("fulfulde", 15), ("kanuri", 5), ("chad_arabic", 5)),
    "TD": (("chad_arabic", 85), ("kanuri", 10), ("fulfulde", 5)),
    "GA": (("central_bantu", 100),),
    "CG": (("central_bantu", 100),),
    "CD": (("central_bantu", 100),),
    "GQ": (("central_bantu", 100),),
}

# The language of the registry, spoken besides the person's own language.
OFFICIAL_LANGUAGE: dict[str, str] = {
    "NE": "French", "NG": "English", "GH": "English", "TG": "French", "BJ": "French", "CI": "French",
    "SN": "French", "GM": "English", "ML": "French", "BF": "French", "GN": "French", "GW": "Portuguese",
    "SL": "English", "LR": "English", "MR": "Arabic", "CM": "French", "TD": "French", "GA": "French",
    "CG": "French", "CD": "French", "GQ": "Spanish",
}

# One name, the spellings it takes from one registry to the next (French, English, Portuguese, Arabic
# transliterations; with and without accents). An officer searching "traore" must find "Traoré".
SPELLING_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Mohamed", "Mohammed", "Muhammad", "Mahamadou", "Mamadou", "Muhammadu", "Mahamat", "Maman", "Momodou",
     "Mouhamed", "Mohamadou", "Mohamedou"),
    ("Ousmane", "Usman", "Ousman", "Osman", "Othman"),
    ("Aïssata", "Aissata", "Aissatou", "Aïssatou", "Aisha", "Aïcha", "Aichatou", "Aïchatou", "Ayishetu",
     "Aishatu", "Isatou", "Isatu"),
    ("Fatoumata", "Fatimata", "Fatima", "Fatimé", "Fatmata", "Fatou", "Fatouma", "Fati", "Fatimetou"),
    ("Traoré", "Traore", "Tarawallie", "Tarawally"),
    ("Diallo", "Jallow", "Djalo", "Djaló", "Jalloh"),
    ("Kouyaté", "Kouyate", "Kuyateh"),
    ("Ibrahim", "Ibrahima", "Brahim", "Brahima", "Ebrima"),
    ("Abdoulaye", "Abdullahi", "Abdallah", "Abdoulie", "Abdallahi", "Abdulai"),
    ("Souleymane", "Suleiman", "Sulaiman", "Sulemana", "Souley", "Sulayman"),
    ("Moussa", "Musa", "Mossa"),
    ("Boubacar", "Abubakar", "Aboubacar", "Abubakari", "Abukari", "Bukar", "Abakar", "Buba"),
    ("Oumar", "Umar", "Omar", "Oumarou", "Umaru"),
    ("Aminata", "Aminatou", "Amina", "Aminat", "Aminetou"),
    ("Mariama", "Mariam", "Maryam", "Mariem", "Mariamou", "Mariatu"),
    ("Kadiatou", "Khadija", "Kadija", "Khadidja", "Kadidia", "Kadiatu", "Kaddy", "Khadijetou", "Kadidiatou"),
    ("Zeinabou", "Zainab", "Zeinab", "Zenaba", "Seynabou", "Jainaba", "Zénabou", "Sainabou", "Zeinebou"),
    ("Hawa", "Hauwa", "Haoua", "Awa", "Hawaye"),
    ("Idrissa", "Idris", "Idriss", "Drissa", "Iddrisu"),
    ("Issa", "Isa", "Isah"),
    ("Seydou", "Seidu", "Saïdou", "Saidu", "Saidou"),
    ("Yacouba", "Yakubu", "Yakouba"),
    ("Harouna", "Haruna", "Haroun"),
    ("Alhassane", "Alhassan", "Al-Hassan"),
    ("Youssouf", "Yusuf", "Yusupha", "Issoufou", "Yussif"),
    ("Mustapha", "Moustapha", "Mustafa"),
    ("Amadou", "Ahmadou", "Hamadou", "Ahmed", "Ahmat", "Hamado", "Amadu", "Ahmedou"),
    ("Hassane", "Hassan", "Assane"),
    ("Chaibou", "Shuaibu", "Chaïbou"),
    ("Lawal", "Laouali", "Lawali"),
    ("Salissou", "Salisu", "Salifu"),
    ("Zakari", "Zakaria", "Zakariya"),
    ("Yahaya", "Yahya"),
    ("Ramatou", "Ramatoulaye", "Ramatoulie"),
    ("Salamatou", "Salamatu", "Salamata"),
    ("Binta", "Bintou", "Bintu"),
    ("Maïmouna", "Maimouna", "Maimuna", "Memuna", "Meimouna"),
    ("Halima", "Halimé"),
    ("Kaltum", "Kaltoum", "Kaltouma"),
    ("Habsatou", "Hafsatu", "Hapsatou"),
    ("Adamou", "Adamu", "Adama"),
    ("Fodé", "Fode", "Foday"),
    ("Sékou", "Sekou", "Sheku"),
    ("Lassana", "Lansana", "Lassina"),
    ("Djénéba", "Djeneba", "Jeneba"),
    ("Cissé", "Cisse", "Ceesay", "Sissé"),
    ("Touré", "Toure", "Touray", "Turay"),
    ("Ndiaye", "N'Diaye", "Njie"),
    ("Diop", "Jobe"),
    ("Sow", "Sowe"),
    ("Ouédraogo", "Ouedraogo", "Wedraogo"),
    ("Keïta", "Keita", "Kéita"),
    ("Coulibaly", "Kulibali", "Koulibaly"),
    ("Camara", "Kamara"),
    ("Bâ", "Ba", "Bah"),
    ("Barry", "Barrie", "Bari"),
    ("Baldé", "Balde", "Baldeh"),
    ("Sidibé", "Sidibe", "Sidibeh"),
    ("Sylla", "Sillah", "Silla"),
    ("Fofana", "Fofanah"),
    ("Dramé", "Drame", "Drammeh"),
    ("Maïga", "Maiga"),
    # The Akan day names of Ghana and their Baoulé and Ewe forms across the border.
    ("Kouassi", "Kwasi", "Kwesi", "Kossi"),
    ("Koffi", "Kofi"),
    ("Kouamé", "Kwame", "Kwami"),
    ("Yao", "Yaw", "Yawo"),
    ("Kouadjo", "Kodjo", "Kojo", "Kwadwo", "Kodzo"),
    ("Kouakou", "Kwaku", "Kokou", "Kweku"),
    ("Adjoua", "Adwoa", "Adjoa"),
    ("Akissi", "Akosua", "Akossiwa"),
    ("Aya", "Yaa", "Yawa"),
    ("Affoué", "Afua", "Afi", "Afiwa"),
)

VARIANTS_OF: dict[str, tuple[str, ...]] = {
    name: tuple(other for other in group if other != name) for group in SPELLING_VARIANTS for name in group
}

# What suspects are called by their victims and in intercepted calls; used as aliases.
NICKNAMES_MALE: tuple[str, ...] = (
    "Alhaji {given}", "El Hadj {given}", "Oga {given}", "Chairman", "Boss {given}", "Le Vieux", "Baba {given}",
    "Tonton {given}", "Big {given}", "Coxeur {given}", "Pablo", "Général", "Papa {given}",
)
NICKNAMES_FEMALE: tuple[str, ...] = (
    "Madam {given}", "Mama {given}", "Hadja {given}", "Tantie {given}", "Aunty {given}", "Mami {given}",
    "Maman {given}", "Iya {given}", "Sister {given}",
)
# fmt: on
