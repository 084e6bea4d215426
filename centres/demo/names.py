"""Synthetic names: a mix that reflects an English urban authority. Invented combinations only."""

FIRST_NAMES_FEMALE = [
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia",
    "Grace", "Freya", "Ella", "Evie", "Poppy", "Aisha", "Fatima", "Maryam", "Zara", "Amira",
    "Priya", "Ananya", "Chloe", "Emily", "Jessica", "Hannah", "Zofia", "Maja", "Adaeze", "Chiamaka",
    "Nia", "Kezia", "Sienna", "Ruby", "Daisy", "Layla", "Hafsa", "Noor", "Leah", "Megan",
]
FIRST_NAMES_MALE = [
    "Oliver", "George", "Noah", "Arthur", "Leo", "Muhammad", "Harry", "Oscar", "Archie", "Henry",
    "Theo", "Jack", "Charlie", "Freddie", "Alfie", "Ibrahim", "Yusuf", "Ayaan", "Arjun", "Rohan",
    "Jakub", "Filip", "Kacper", "Chidi", "Tobi", "Kwame", "Daniel", "James", "Thomas", "Joshua",
    "Liam", "Ethan", "Reggie", "Tommy", "Bilal", "Hamza", "Omar", "Samuel", "Isaac", "Elijah",
]
LAST_NAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas", "Clarke",
    "Jackson", "Wood", "Harris", "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes",
    "Khan", "Ali", "Hussain", "Ahmed", "Begum", "Shah", "Singh", "Kaur", "Okafor", "Adeyemi",
    "Mensah", "Nowak", "Kowalski", "Wisniewski", "Murphy", "Kelly", "O'Brien", "Campbell", "Stewart", "Reid",
    "Morris", "Moore", "Baker", "Bennett", "Carter", "Mitchell", "Lewis", "Young", "King", "Scott",
]

# Invented places for the demo authority's centres, grouped into clusters (localities).
CLUSTERS = {
    "North": ["Ashby Road", "Brookfield", "Canal Side", "Dovecote"],
    "Central": ["Eastgate", "Foundry Lane", "Greenway", "Hollybank"],
    "South": ["Ironbridge Park", "Juniper", "Kingsmead", "Larkhill"],
    "East": ["Millbrook", "Northfield", "Orchard Vale", "Parkside"],
    "West": ["Queensway", "Riverside", "Sandpits", "Tanners"],
}
STREETS = ["Road", "Street", "Lane", "Avenue", "Close", "Way", "Gardens", "Crescent"]
