#include "documents/document_views.hpp"

namespace traffpunkt::service {

namespace json = boost::json;

std::string document_url(std::int64_t meeting_id, std::int64_t document_id) {
    return "/meetings/" + std::to_string(meeting_id) + "/documents/" + std::to_string(document_id);
}

std::string version_url(std::int64_t meeting_id, std::int64_t document_id, int version) {
    return document_url(meeting_id, document_id) + "/versions/" + std::to_string(version);
}

json::object to_json(const domain::document_version& v, std::int64_t meeting_id, bool staff) {
    json::value uploaded_by = nullptr;
    if (staff) {
        uploaded_by = json::object{
            {"person_id", v.uploaded_by ? json::value(*v.uploaded_by) : json::value(nullptr)},
            {"name", v.uploaded_by_name}};
    }
    return json::object{{"document_id", v.document_id},
                        {"version", v.version},
                        {"filename", v.filename},
                        {"content_type", v.content_type},
                        {"size", v.size},
                        {"sha256", v.sha256},
                        {"uploaded_at", domain::format_instant(v.uploaded_at)},
                        {"uploaded_by", std::move(uploaded_by)},
                        {"url", version_url(meeting_id, v.document_id, v.version)}};
}

json::object to_json(const domain::document_with_latest& d, bool staff) {
    const auto& doc = d.doc;
    return json::object{{"document_id", doc.document_id},
                        {"meeting_id", doc.meeting_id},
                        {"agenda_item_id", doc.agenda_item_id ? json::value(*doc.agenda_item_id)
                                                              : json::value(nullptr)},
                        {"title", doc.title},
                        {"visibility", domain::to_string(doc.visibility)},
                        {"created_at", domain::format_instant(doc.created_at)},
                        {"updated_at", domain::format_instant(doc.updated_at)},
                        {"url", document_url(doc.meeting_id, doc.document_id)},
                        {"latest", to_json(d.latest, doc.meeting_id, staff)}};
}

}  // namespace traffpunkt::service
