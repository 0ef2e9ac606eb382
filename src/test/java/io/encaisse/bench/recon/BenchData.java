package io.encaisse.bench.recon;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/** Deterministic names, IBANs and invoice numbers shared by the generators. */
final class BenchData {

    private BenchData() {
    }

    static final String[] SURNAMES = {"Lefèvre", "Müller", "Schröder", "Dvořák", "Ibáñez", "Conceição", "Åkesson", "Østergaard",
            "Noël", "Hervé", "Gonçalves", "Łukasik", "Žáková", "Brühl", "Kövér", "Lindqvist", "Mårtensson", "Çelik", "Nuñez",
            "Bérénice", "Château", "Duprè", "Jäger", "Grünwald", "Rémy", "Fässler", "Weiß", "Straße", "Baudoin", "Vasquez",
            "Ferreira", "Kowalczyk", "Novák", "Horváth", "Rossi", "Bianchi", "Janssens", "De Smet", "Van Dijk", "O'Connor"};
    static final String[] TRADES = {"Boulangerie", "Maschinenbau", "Logistique", "Transports", "Holzbau", "Imprimerie",
            "Électricité", "Bâtiment", "Pâtisserie", "Verpackung", "Menuiserie", "Informatique", "Conseil", "Präzisionstechnik",
            "Garage", "Brasserie", "Plomberie", "Textil", "Éditions", "Kältetechnik"};
    static final String[] CITIES = {"Lyon", "München", "Zürich", "Liège", "Nantes", "Köln", "Genève", "Besançon", "Gent",
            "Düsseldorf", "Orléans", "Brno", "Málaga", "Porto", "Göteborg"};
    static final String[] FORMS = {"SARL", "SAS", "S.A.", "GmbH", "AG", "GmbH & Co. KG", "B.V.", "S.p.A.", "Ltd", "e.K.",
            "SCI", "S.à r.l.", "BVBA", "SA"};
    static final String[] PERSONS_FIRST = {"Jean-Pierre", "Anna", "Élodie", "Jürgen", "Maria", "Søren", "Paulo", "Zoë"};
    static final String[] PERSONS_LAST = {"Abernathy", "Quatremaire", "Yilmazoglu", "Vandersteen", "Pfeiffenberger",
            "Castelnau", "Oyelaran", "Whitcombe"};

    /** A valid IBAN: country + ISO 13616 check digits + a numeric BBAN of the country's length. */
    static String iban(String country, long seed) {
        int len = switch (country) {
            case "DE" -> 18;
            case "FR" -> 23;
            case "BE" -> 12;
            case "CH" -> 17;
            case "IT" -> 23;
            default -> 18;
        };
        String digits = String.format(Locale.ROOT, "%0" + len + "d", Math.floorMod(seed * 2654435761L + 97, (long) Math.pow(10, Math.min(len, 18))));
        StringBuilder num = new StringBuilder(digits);
        for (char c : (country + "00").toCharArray()) {
            num.append(Character.isLetter(c) ? String.valueOf(c - 'A' + 10) : String.valueOf(c));
        }
        int check = 98 - new BigInteger(num.toString()).mod(BigInteger.valueOf(97)).intValue();
        return country + (check < 10 ? "0" : "") + check + digits;
    }

    /** How a bank prints a payer's name: upper case without accents, sometimes cut at 35 characters. */
    static String bankName(String name, int variant) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace("ß", "SS")
                .replace("Ł", "L").replace("ł", "l").replace("Ø", "O").replace("ø", "o").replace("\u00ad", "");
        return switch (Math.floorMod(variant, 4)) {
            case 0 -> plain.toUpperCase(Locale.ROOT);
            case 1 -> name.replace("\u00ad", "");
            case 2 -> plain.toUpperCase(Locale.ROOT).length() > 35 ? plain.toUpperCase(Locale.ROOT).substring(0, 35) : plain.toUpperCase(Locale.ROOT);
            default -> plain;
        };
    }

    static BigDecimal cents(long c) {
        return BigDecimal.valueOf(c, 2);
    }

    static String join(List<String> lines) {
        return String.join(" | ", lines);
    }
}
