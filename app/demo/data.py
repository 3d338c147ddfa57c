"""Word lists the demo studio draws from: names, places, tattoo work, inks and health answers."""

from __future__ import annotations

FIRST_NAMES = (
    "Lucía", "María", "Martina", "Sofía", "Paula", "Julia", "Valeria", "Alba", "Noa", "Irene",
    "Carmen", "Laura", "Núria", "Begoña", "Ainhoa", "Itziar", "Montserrat", "Inés", "Elena", "Claudia",
    "Marta", "Rocío", "Pilar", "Ángela", "Verónica", "Zoë", "Chloé", "Anaïs", "Léa", "Maëlle",
    "Emma", "Olivia", "Freya", "Ingrid", "Agnieszka", "Małgorzata", "Björk", "Siobhán", "Giulia", "Beatriz",
    "Hugo", "Martín", "Lucas", "Mateo", "Leo", "Daniel", "Pablo", "Álvaro", "Adrián", "David",
    "José", "Jesús", "Javier", "Sergio", "Raúl", "Íñigo", "Jordi", "Pau", "Oriol", "Xavier",
    "Andrés", "Rubén", "Iván", "Óscar", "Gonzalo", "Joaquín", "Nicolás", "Tomás", "Aitor", "Unai",
    "Mikel", "Gorka", "Luca", "Matteo", "François", "Jérôme", "Søren", "Łukasz", "Jürgen", "Oliver",
)

LAST_NAMES = (
    "García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
    "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso",
    "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano",
    "Blanco", "Molina", "Morales", "Suárez", "Ortega", "Delgado", "Castro", "Ortiz", "Rubio", "Marín",
    "Sanz", "Núñez", "Iglesias", "Medina", "Garrido", "Cortés", "Castillo", "Santos", "Lozano", "Guerrero",
    "Cano", "Prieto", "Méndez", "Cruz", "Calvo", "Gallego", "Vidal", "León", "Márquez", "Herrera",
    "Peña", "Flores", "Cabrera", "Campos", "Vega", "Fuentes", "Carrasco", "Díez", "Caballero", "Reyes",
    "Puig", "Ferrer", "Vilà", "Roselló", "Etxeberria", "Agirre", "Goikoetxea", "Ibáñez", "Aranda",
    "Dubois", "Lefèvre", "Müller", "Schröder", "Rossi", "Bianchi", "Nowak", "Kowalczyk", "O'Brien",
    "Smith", "Jensen", "Pereira", "Gonçalves",
)

STREETS = (
    "Calle Mayor", "Calle de Alcalá", "Gran Vía", "Calle de Atocha", "Calle de Fuencarral",
    "Paseo de la Castellana", "Calle de Toledo", "Calle del Pez", "Calle de Lavapiés",
    "Calle de Embajadores", "Calle de Hortaleza", "Calle de Argumosa", "Avenida de América",
    "Calle de Bravo Murillo", "Calle de Ibiza", "Calle de Goya", "Calle de Ríos Rosas",
)
CITIES = (("28012", "Madrid"), ("28004", "Madrid"), ("28013", "Madrid"), ("28045", "Madrid"),
          ("28005", "Madrid"), ("28039", "Madrid"), ("28903", "Getafe"), ("28921", "Alcorcón"),
          ("28801", "Alcalá de Henares"), ("28100", "Alcobendas"), ("28220", "Majadahonda"))
EMAIL_DOMAINS = ("gmail.com", "hotmail.com", "yahoo.es", "outlook.com", "icloud.com",
                 "protonmail.com", "telefonica.net", "gmx.de")
PHONE_PREFIXES = (("+34 6", 80), ("+34 7", 10), ("+33 6", 3), ("+44 7", 3), ("+49 15", 2), ("+39 3", 2))
RELATIONS = ("mother", "father", "partner", "sister", "brother", "friend", "wife", "husband")
ID_TYPES = (("DNI", 70), ("NIE", 15), ("Passport", 10), ("Driving licence", 5))

CLIENT_NOTES = (
    "Prefers morning slots.", "Bring reference images next time.", "Sensitive skin, go slow on colour.",
    "Wants a cover-up consultation later.", "Referred by a friend.", "Faints easily: keep water ready.",
    "Pays the deposit by transfer.", "Instagram follower; came for a flash day.",
)

PLACEMENTS = (
    "left forearm", "right forearm", "left upper arm", "right upper arm", "left shoulder",
    "right shoulder", "upper back", "lower back", "full back", "chest", "sternum", "ribs (left)",
    "ribs (right)", "left thigh", "right thigh", "left calf", "right calf", "left ankle",
    "right ankle", "left wrist", "right wrist", "hand", "fingers", "neck (back)", "behind the ear",
    "collarbone", "hip", "foot", "inner bicep", "elbow",
)

SUBJECTS = (
    "rose", "peony", "swallow", "koi fish", "dragon", "tiger", "wolf", "snake", "skull", "dagger",
    "compass", "anchor", "lighthouse", "moth", "butterfly", "hummingbird", "lotus", "mandala",
    "geometric wolf", "portrait", "lettering", "botanical branch", "moon phases", "mountain range",
    "sacred heart", "Virgin of Guadalupe", "octopus", "fox", "cherry blossoms", "hannya mask",
)
STYLES = (
    "fine line", "American traditional", "neo-traditional", "blackwork", "realism", "Japanese",
    "dotwork", "watercolour", "minimalist", "ornamental", "illustrative", "script",
)
WORK_KINDS = (("new piece", 60), ("continuation session", 20), ("touch-up", 8),
              ("cover-up", 7), ("flash", 5))

# (brand, colour) lines the studio keeps in stock; the first line is the everyday black.
INK_LINES = (
    ("Dynamic", "Triple Black"), ("Eternal Ink", "Lining Black"), ("Intenze", "True Black"),
    ("World Famous", "Pure White"), ("Eternal Ink", "Bright Red"), ("Intenze", "Golden Yellow"),
    ("Solid Ink", "Sky Blue"), ("Fusion", "Grass Green"), ("Eternal Ink", "Light Purple"),
    ("World Famous", "Mahogany Brown"), ("Kuro Sumi", "Grey Wash Medium"), ("Radiant Colors", "Orange"),
)
INK_LOT_PREFIX = {"Dynamic": "DYN", "Eternal Ink": "ET", "Intenze": "INZ", "World Famous": "WF",
                  "Solid Ink": "SOL", "Fusion": "FUS", "Kuro Sumi": "KS", "Radiant Colors": "RC"}

ALLERGIES = (("latex", 30), ("nickel", 20), ("red pigment", 15), ("chlorhexidine", 10),
             ("iodine", 6), ("lidocaine", 5), ("penicillin", 8), ("fragrance", 6))
CONDITIONS = (("diabetes (type 1)", 8), ("diabetes (type 2)", 10), ("epilepsy", 8), ("haemophilia", 3),
              ("heart murmur", 6), ("psoriasis", 10), ("eczema", 12), ("hepatitis B", 2),
              ("high blood pressure", 10), ("keloid scarring", 6), ("von Willebrand disease", 2))
ANTICOAGULANTS = ("warfarin", "apixaban", "rivaroxaban", "acenocoumarol (Sintrom)", "daily aspirin")
OTHER_MEDICATIONS = ("insulin", "levetiracetam", "isotretinoin (stopped)", "metformin", "ibuprofen as needed",
                     "antihistamines", "enalapril")
SKIN_NOTES = ("Scar tissue on the left forearm.", "Large moles on the upper back: work around them.",
              "Sunburn easily; avoid sessions after the beach.", "Thin skin on the wrists.", "")
MEDICAL_FREE_TEXT = ("Eat before the session.", "Bring the medication list next time.",
                     "Asked for shorter sessions.", "")

DEPOSIT_METHODS = (("card", 50), ("transfer", 30), ("cash", 20))
FINAL_METHODS = (("card", 55), ("cash", 35), ("transfer", 5), ("other", 5))
SPLIT_METHODS = ((("cash", "card"), 70), (("card", "cash"), 10), (("card", "other"), 10), (("cash", "transfer"), 10))
TIP_METHODS = (("cash", 60), ("card", 40))
CONSENT_FORMS = ((2016, "2016.1"), (2018, "2018.2-gdpr"), (2021, "2021.1"), (2024, "2024.3-reach"))
