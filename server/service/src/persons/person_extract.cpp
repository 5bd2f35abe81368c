#include "persons/person_extract.hpp"

#include <string_view>

#include <boost/json/serialize.hpp>

#include "traffpunkt/store/personal_data_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;

namespace {

bool is_time_column(std::string_view name) {
    return name == "at" || name.ends_with("_at");
}

json::value value_of(std::string_view column, const store::stored_value& v) {
    if (std::holds_alternative<std::monostate>(v)) {
        return nullptr;
    }
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
        if (is_time_column(column)) {
            return json::value(domain::format_instant(domain::instant{std::chrono::seconds{*i}}));
        }
        if (column == "anonymous") {
            return json::value(*i != 0);
        }
        return json::value(*i);
    }
    return json::value(std::get<std::string>(v));
}

json::object row_object(const std::vector<std::pair<std::string, store::stored_value>>& row) {
    json::object o;
    for (const auto& [column, v] : row) {
        o[column] = value_of(column, v);
    }
    return o;
}

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string text_of(const json::value& v) {
    if (v.is_null()) {
        return "–";
    }
    if (v.is_string()) {
        return std::string(v.as_string());
    }
    if (v.is_bool()) {
        return v.as_bool() ? "ja" : "nej";
    }
    return json::serialize(v);
}

/** Swedish headings of the extract's sections, in the order the page shows them. */
constexpr std::pair<const char*, const char*> section_titles[] = {
    {"tokens", "Personliga länkar (behörighetsnycklar; själva nyckeln sparas aldrig)"},
    {"calendar_link", "Kalenderlänk"},
    {"facilitates", "Träffar som du leder"},
    {"registrations", "Anmälningar"},
    {"polls_voted_in", "Omröstningar du deltagit i"},
    {"named_ballots", "Röster med namn"},
    {"polls_created", "Omröstningar du skapat"},
    {"questions_asked", "Frågor du ställt med ditt namn"},
    {"question_votes", "Frågor du röstat upp"},
    {"question_mutes", "Träffar där du inte får ställa frågor"},
    {"agenda_changes", "Ändringar i dagordningar"},
    {"minutes_edits", "Ändringar i protokoll"},
    {"documents_uploaded", "Dokument du laddat upp"},
    {"agenda_items_presented", "Programpunkter där du står som medverkande"},
    {"meetings_as_contact", "Träffar där du är kontaktperson"},
    {"mails", "E-post som skickats eller väntar på att skickas till dig (inte texten)"},
    {"remembered_answers", "Sparade svar för omförsök (raderas efter ett dygn)"},
    {"access_log", "Vem som har läst eller exporterat dina uppgifter"},
    {"access_log_as_reader", "Personuppgifter du själv har läst eller exporterat"},
};

}  // namespace

std::optional<json::object> person_extract_json(store::database& db, std::int64_t person_id,
                                                domain::instant now) {
    const auto sections = store::export_person(db, person_id);
    if (sections.empty() || sections.front().rows.empty()) {
        return std::nullopt;
    }
    const auto p = row_object(sections.front().rows.front());
    json::object out;
    out["schema"] = person_extract_schema;
    out["exported_at"] = domain::format_instant(now);
    out["person"] =
        json::object{{"person_id", p.at("person_id")}, {"name", p.at("name")},
                     {"email", p.at("email")},         {"role", p.at("role")},
                     {"language", p.at("language")},   {"created_at", p.at("created_at")}};
    out["organisation"] = json::object{{"organisation_id", p.at("organisation_id")},
                                       {"name", p.at("organisation")},
                                       {"kind", p.at("organisation_kind")}};
    for (std::size_t i = 1; i < sections.size(); ++i) {
        json::array rows;
        for (const auto& row : sections[i].rows) {
            rows.push_back(row_object(row));
        }
        out[sections[i].table] = std::move(rows);
    }
    // What is held but cannot be part of the extract, and why.
    out["not_included"] = json::array{
        "Anonymous ballots: they are stored without their voter, so no ballot can be found as "
        "this person's (polls_voted_in lists the polls they took part in).",
        "Audience devices: a device that joined through a poll link names no person.",
        "Token secrets: only their SHA-256 is stored."};
    return out;
}

std::string person_extract_html(const json::object& extract) {
    std::string h;
    const auto& person = extract.at("person").as_object();
    const auto& org = extract.at("organisation").as_object();
    h += "<!doctype html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
    h += "<title>Registerutdrag – " + escape_html(text_of(person.at("name"))) + "</title>";
    h += "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
         "padding:0 1rem;line-height:1.5}table{border-collapse:collapse;width:100%;"
         "margin-bottom:1.5rem}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;"
         "vertical-align:top}caption{text-align:left;font-weight:bold;padding:.5rem 0}</style>";
    h += "</head><body><main>\n";
    h += "<h1>Registerutdrag från Träffpunkt</h1>\n";
    h += "<p>Det här är alla uppgifter som Träffpunkt har sparat om dig, per " +
         escape_html(text_of(extract.at("exported_at"))) +
         ". Samma uppgifter finns i "
         "maskinläsbar form (JSON).</p>\n";
    h += "<h2>Du</h2>\n<dl>";
    const auto item = [&h](std::string_view label, const json::value& v) {
        h += "<dt>" + escape_html(label) + "</dt><dd>" + escape_html(text_of(v)) + "</dd>";
    };
    item("Namn", person.at("name"));
    item("E-post", person.at("email"));
    item("Roll",
         json::value(text_of(person.at("role")) == "elected" ? "förtroendevald" : "tjänsteperson"));
    item("Organisation", org.at("name"));
    item("Språk för e-post",
         json::value(text_of(person.at("language")) == "en" ? "engelska" : "svenska"));
    item("Registrerad", person.at("created_at"));
    h += "</dl>\n";
    for (const auto& [key, title] : section_titles) {
        const auto* rows = extract.if_contains(key);
        if (rows == nullptr || !rows->is_array()) {
            continue;
        }
        const auto& arr = rows->as_array();
        if (arr.empty()) {
            h += "<h2>" + escape_html(title) + "</h2>\n<p>Inga.</p>\n";
            continue;
        }
        h += "<table><caption>" + escape_html(title) + "</caption><thead><tr>";
        for (const auto& [column, v] : arr.front().as_object()) {
            h += "<th scope=\"col\">" + escape_html(column) + "</th>";
        }
        h += "</tr></thead><tbody>";
        for (const auto& row : arr) {
            h += "<tr>";
            for (const auto& [column, v] : row.as_object()) {
                h += "<td>" + escape_html(text_of(v)) + "</td>";
            }
            h += "</tr>";
        }
        h += "</tbody></table>\n";
    }
    h += "<h2>Det som inte finns med</h2>\n<ul>"
         "<li>Anonyma röster: de sparas utan uppgift om vem som röstade, så ingen röst kan "
         "hittas som din. Listan över omröstningar du deltagit i visar bara att du röstade.</li>"
         "<li>Enheter som anslutit via en omröstningslänk: de är inte kopplade till någon "
         "person.</li>"
         "<li>Själva nycklarna i dina personliga länkar: bara ett kontrollvärde (SHA-256) "
         "sparas.</li></ul>\n</main></body></html>\n";
    return h;
}

}  // namespace traffpunkt::service
