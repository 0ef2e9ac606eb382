package io.encaisse.invoices.internal.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What odoo-partner.jsonata needs beyond res.partner's own fields, one read per page and model: the country's ISO code
 * ({@code country_code}), the parent company's ref ({@code parent: {id, ref}} or false), the child contacts of type
 * 'invoice' ({@code invoice_contacts: [{name, email, phone, function}]}, Odoo's follow-up writes to them too) and the
 * tag names ({@code categories}).
 */
final class OdooPartnerDetails {

    private OdooPartnerDetails() {
    }

    static void add(OdooClient odoo, List<ObjectNode> partners) {
        Set<Long> countries = new LinkedHashSet<>();
        Set<Long> related = new LinkedHashSet<>();
        Set<Long> tags = new LinkedHashSet<>();
        for (ObjectNode p : partners) {
            many2oneId(p.get("country_id")).ifPresent(countries::add);
            many2oneId(p.get("parent_id")).ifPresent(related::add);
            p.path("child_ids").forEach(id -> related.add(id.asLong()));
            p.path("category_id").forEach(id -> tags.add(id.asLong()));
        }
        Map<Long, JsonNode> countryById = byId(odoo.read("res.country", countries, List.of("code")));
        Map<Long, JsonNode> partnerById = byId(odoo.read("res.partner", related,
                List.of("ref", "type", "name", "email", "phone", "function", "active")));
        Map<Long, JsonNode> tagById = byId(odoo.read("res.partner.category", tags, List.of("name")));
        for (ObjectNode p : partners) {
            JsonNode country = many2oneId(p.get("country_id")).map(countryById::get).orElse(null);
            p.set("country_code", country == null ? p.booleanNode(false) : country.get("code"));
            JsonNode parent = many2oneId(p.get("parent_id")).map(partnerById::get).orElse(null);
            if (parent == null) {
                p.put("parent", false);
            } else {
                ObjectNode o = p.putObject("parent");
                o.set("id", parent.get("id"));
                o.set("ref", parent.get("ref"));
            }
            ArrayNode contacts = p.putArray("invoice_contacts");
            p.path("child_ids").forEach(id -> {
                JsonNode c = partnerById.get(id.asLong());
                if (c != null && "invoice".equals(c.path("type").asText()) && c.path("active").asBoolean(true)) {
                    ObjectNode o = contacts.addObject();
                    o.set("name", c.get("name"));
                    o.set("email", c.get("email"));
                    o.set("phone", c.get("phone"));
                    o.set("function", c.get("function"));
                }
            });
            ArrayNode categories = p.putArray("categories");
            p.path("category_id").forEach(id -> {
                JsonNode t = tagById.get(id.asLong());
                if (t != null) {
                    categories.add(t.get("name"));
                }
            });
        }
    }

    private static Optional<Long> many2oneId(JsonNode value) {
        return value != null && value.isArray() && value.size() > 0 && value.get(0).canConvertToLong()
                ? Optional.of(value.get(0).asLong()) : Optional.empty();
    }

    private static Map<Long, JsonNode> byId(List<ObjectNode> records) {
        Map<Long, JsonNode> out = new HashMap<>();
        records.forEach(r -> out.put(r.path("id").asLong(), r));
        return out;
    }
}
