// Documents over HTTP: uploads (POST, streamed to disk by net/ through a document_upload sink)
// and downloads (GET/HEAD, streamed from disk, with ETag, 304 and single byte ranges). Errors
// are JSON, `{"error": {code, message, details?}}`, as on the WebSocket (PROTOCOL.md
// "Documents").
//
// An upload is decided from its head before any body byte is read: token (401), meeting (404),
// role (403), cancelled meeting (409), document (404), parameters (400), declared size (413).
// Once its bytes are stored, the version is decided on the meeting's room strand, written by the
// writer's group commit, and answered and published after the commit.

#include <sys/stat.h>

#include <charconv>

#include <spdlog/spdlog.h>

#include "application_impl.hpp"
#include "clock.hpp"
#include "documents/byte_range.hpp"
#include "documents/document_feature.hpp"
#include "documents/document_metadata.hpp"
#include "documents/document_path.hpp"
#include "documents/document_upload.hpp"
#include "documents/document_views.hpp"
#include "http/conditional_get.hpp"
#include "http/http_error_json.hpp"
#include "http/http_token.hpp"
#include "parse_fields.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/protocol/limits.hpp"
#include "traffpunkt/store/document_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

/** What an accepted upload becomes once its bytes are stored. */
struct upload_target {
    std::int64_t meeting_id = 0;
    std::optional<std::int64_t> document_id;  ///< set: a new version of this document
    std::string title;                        ///< new documents
    domain::document_visibility visibility = domain::document_visibility::facilitators;
    std::optional<std::int64_t> agenda_item_id;
    std::string filename;  ///< empty for a version: the previous version's
    std::string content_type;
    principal who;
};

/** The outcome of a committed upload, filled in by the write on the writer thread. */
struct upload_outcome {
    std::optional<domain::document_with_latest> before;
    domain::document_with_latest after;
    bool unchanged = false;  ///< the same bytes, name and type as the newest version
};

http_response error_of(errc code, std::string message, json::object details = {}) {
    return json_error({code, std::move(message), std::move(details)});
}

http_response invalid(std::string_view field, std::string message) {
    return error_of(errc::invalid_args, std::move(message), {{"field", field}});
}

http_response unauthorized(std::string message) {
    return error_of(errc::unauthorized, std::move(message));
}

std::optional<std::string_view> header(const http_request& r, const std::string& name) {
    const auto it = r.headers.find(name);
    if (it == r.headers.end()) {
        return std::nullopt;
    }
    return std::string_view(it->second);
}

/** A query id parameter: digits, 1..2^53-1. */
std::optional<std::int64_t> id_param(const std::string& text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() ||
        text.front() == '0' || value < 1 || value > protocol::limits::max_safe_integer) {
        return std::nullopt;
    }
    return value;
}

/** The value of Content-Length, when it is one number. */
std::optional<std::uint64_t> content_length(const http_request& r) {
    const auto value = header(r, "content-length");
    if (!value) {
        return std::nullopt;
    }
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
    if (value->empty() || ec != std::errc{} || end != value->data() + value->size()) {
        return std::nullopt;
    }
    return n;
}

bool has_chunked_body(const http_request& r) {
    const auto te = header(r, "transfer-encoding");
    return te && te->find("chunked") != std::string_view::npos;
}

/** Maps what a write or a room decision threw to an HTTP answer. */
http_response answer_failure(std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const protocol_error& e) {
        return json_error(e.err());
    } catch (const store::store_error& e) {
        if (!e.is_constraint()) {
            spdlog::error("document write failed: {}", e.what());
            return error_of(errc::unavailable,
                            "the database cannot take writes right now; retry later");
        }
        return error_of(errc::conflict, "this conflicts with existing data");
    } catch (const std::exception& e) {
        spdlog::error("internal error in a document upload: {}", e.what());
        return error_of(errc::internal, "internal error");
    }
}

}  // namespace

// --- routes --------------------------------------------------------------------------------

bool application::is_upload_route(std::string_view method, std::string_view path) {
    if (method != "POST") {
        return false;
    }
    const auto p = parse_document_path(path);
    return p && p->is_collection();
}

upload_start application::start_upload(const http_request& head) {
    try {
        return impl_->documents->start_upload(head);
    } catch (const store::store_error& e) {
        spdlog::error("store error starting an upload: {}", e.what());
        return {nullptr, error_of(errc::unavailable, "the database is not available right now")};
    } catch (const std::exception& e) {
        spdlog::error("internal error starting an upload: {}", e.what());
        return {nullptr, error_of(errc::internal, "internal error")};
    }
}

upload_start document_feature::start_upload(const http_request& head) {
    const auto refuse = [](http_response res) { return upload_start{nullptr, std::move(res)}; };
    const auto path = parse_document_path(head.path);
    if (!path || !path->is_collection()) {
        return refuse(error_of(errc::not_found, "not found"));
    }
    // Who asks comes first: without a valid token nobody learns which meetings exist.
    // Uploads take the header only: a token in a POST's URL would end up in proxies' logs.
    const auto presented = token_of(head);
    const auto token = presented.from_query ? std::nullopt : presented.token;
    if (!token) {
        return refuse(
            unauthorized("uploads need the token of a coordinator or of the meeting's facilitator "
                         "(Authorization: Bearer <token>)"));
    }
    const auto who = app_.resolve_token(*token);
    if (!who) {
        return refuse(unauthorized("unknown or revoked token"));
    }
    const auto meeting = app_.reads->with(
        [&](store::database& db) { return store::find_meeting(db, path->meeting_id); });
    const bool staff = meeting && app_.may_see_private(*who, *meeting);
    if (!meeting || (meeting->status == domain::meeting_status::draft && !staff)) {
        return refuse(error_of(errc::not_found, "no meeting " + std::to_string(path->meeting_id)));
    }
    if (!staff) {
        return refuse(error_of(errc::forbidden,
                               "only coordinators and the meeting's facilitators "
                               "may upload documents"));
    }
    if (meeting->status == domain::meeting_status::cancelled) {
        return refuse(error_of(errc::meeting_cancelled,
                               "the meeting is cancelled; its documents can no longer change"));
    }
    upload_target target;
    target.meeting_id = path->meeting_id;
    target.who = *who;
    std::optional<domain::document_version> previous;
    if (path->document_id) {
        target.document_id = path->document_id;
        const auto [doc, latest] = app_.reads->with([&](store::database& db) {
            return std::make_pair(store::find_document(db, *path->document_id),
                                  store::latest_document_version(db, *path->document_id));
        });
        if (!doc || doc->removed_at || doc->meeting_id != path->meeting_id || !latest) {
            return refuse(
                error_of(errc::not_found, "no document " + std::to_string(*path->document_id) +
                                              " in meeting " + std::to_string(path->meeting_id)));
        }
        previous = latest;
    }

    // Parameters: filename, and for a new document title, visibility and agenda_item_id.
    const auto query = parse_query(head.query);
    if (!query) {
        return refuse(error_of(errc::invalid_args,
                               "the query string is malformed (a bad %-escape or a parameter "
                               "given twice)"));
    }
    for (const auto& [name, value] : *query) {
        const bool known = name == "filename" ||
                           (!path->document_id &&
                            (name == "title" || name == "visibility" || name == "agenda_item_id"));
        if (!known) {
            return refuse(invalid(name, "unknown parameter '" + name + "'"));
        }
    }
    const auto param = [&](const std::string& name) -> std::optional<std::string> {
        const auto it = query->find(name);
        return it == query->end() ? std::nullopt : std::optional(it->second);
    };
    if (const auto filename = param("filename")) {
        auto sanitised = sanitise_filename(*filename);
        if (!sanitised.refusal.empty()) {
            return refuse(invalid("filename", sanitised.refusal));
        }
        target.filename = std::move(sanitised.name);
    } else if (!previous) {
        return refuse(invalid("filename", "parameter 'filename' is required"));
    }
    if (!path->document_id) {
        target.title = param("title").value_or(
            truncate_code_points(target.filename, domain::limits::document_title_max));
        if (const auto bad =
                domain::check_line("title", target.title, 1, domain::limits::document_title_max)) {
            return refuse(invalid("title", bad->message));
        }
        if (const auto v = param("visibility")) {
            const auto parsed = domain::parse_document_visibility(*v);
            if (!parsed) {
                return refuse(invalid("visibility",
                                      "parameter 'visibility' must be one of "
                                      "public, registered, facilitators"));
            }
            target.visibility = *parsed;
        }
        if (const auto item = param("agenda_item_id")) {
            target.agenda_item_id = id_param(*item);
            const bool ok = target.agenda_item_id && app_.reads->with([&](store::database& db) {
                return store::agenda_item_in_meeting(db, *target.agenda_item_id, target.meeting_id);
            });
            if (!ok) {
                return refuse(invalid("agenda_item_id",
                                      "parameter 'agenda_item_id' must name an "
                                      "agenda item of the meeting"));
            }
        }
    }
    if (const auto type = header(head, "content-type")) {
        const auto normalised = normalise_content_type(*type);
        if (!normalised) {
            return refuse(invalid("content-type",
                                  "Content-Type must be a media type such as "
                                  "application/pdf or text/plain; charset=utf-8"));
        }
        target.content_type = *normalised;
    } else {
        target.content_type = "application/octet-stream";
    }

    // The size, when declared, is checked before a byte of the body is read.
    const auto max_bytes = app_.settings.http.upload_max;
    const auto length = content_length(head);
    if (length && *length > max_bytes) {
        return refuse(upload_too_large(max_bytes));
    }
    if (!has_chunked_body(head) && length.value_or(0) == 0) {
        return refuse(invalid("body",
                              "the upload is empty: send the document as the request "
                              "body"));
    }

    std::optional<blob_writer> blob;
    try {
        blob.emplace(app_.document_files.begin_upload());
    } catch (const std::exception& e) {
        spdlog::error("cannot start an upload: {}", e.what());
        return refuse(error_of(errc::unavailable,
                               "the server cannot store uploads right now; try again later"));
    }

    auto shared_target = std::make_shared<const upload_target>(std::move(target));
    auto commit = [this, shared_target](stored_blob stored,
                                        std::function<void(http_response)> done) {
        const auto& t = *shared_target;
        auto r = app_.rooms.get(t.meeting_id);
        // Decided on the meeting's room strand, like every other change of the meeting.
        boost::asio::post(r->strand, [this, r, shared_target, stored = std::move(stored),
                                      done = std::move(done)]() mutable {
            const auto& t = *shared_target;
            try {
                if (app_.room_meeting(*r, t.meeting_id).status ==
                    domain::meeting_status::cancelled) {
                    done(error_of(errc::meeting_cancelled,
                                  "the meeting is cancelled; its documents can no longer change"));
                    return;
                }
            } catch (...) {
                done(answer_failure(std::current_exception()));
                return;
            }
            auto out = std::make_shared<upload_outcome>();
            app_.writer->submit(
                [shared_target, stored, out](store::database& db) {
                    const auto& t = *shared_target;
                    const auto when = now();
                    domain::document_version v;
                    v.sha256 = stored.sha256;
                    v.size = stored.size;
                    v.content_type = t.content_type;
                    v.filename = t.filename;
                    v.uploaded_by = t.who.person_id;
                    v.uploaded_by_name = t.who.name.empty() ? "coordinator" : t.who.name;
                    v.uploaded_at = when;
                    if (!t.document_id) {
                        if (t.agenda_item_id &&
                            !store::agenda_item_in_meeting(db, *t.agenda_item_id, t.meeting_id)) {
                            throw protocol::invalid_field(
                                "agenda_item_id",
                                "parameter 'agenda_item_id' must name an agenda item of the "
                                "meeting");
                        }
                        domain::document d;
                        d.meeting_id = t.meeting_id;
                        d.agenda_item_id = t.agenda_item_id;
                        d.title = t.title;
                        d.visibility = t.visibility;
                        d.created_at = d.updated_at = when;
                        d.document_id = store::insert_document(db, d);
                        v.document_id = d.document_id;
                        v.version = store::insert_document_version(db, v);
                        out->after = {d, v};
                        return;
                    }
                    // Checked again in the transaction: a removal may have committed since the
                    // upload started.
                    auto d = store::find_document(db, *t.document_id);
                    auto latest = store::latest_document_version(db, *t.document_id);
                    if (!d || d->removed_at || d->meeting_id != t.meeting_id || !latest) {
                        throw_not_found("no document " + std::to_string(*t.document_id) +
                                        " in meeting " + std::to_string(t.meeting_id));
                    }
                    out->before = domain::document_with_latest{*d, *latest};
                    if (v.filename.empty()) {
                        v.filename = latest->filename;
                    }
                    if (latest->sha256 == v.sha256 && latest->filename == v.filename &&
                        latest->content_type == v.content_type) {
                        // A repeated upload (a retry after a lost answer): nothing new.
                        out->after = *out->before;
                        out->unchanged = true;
                        return;
                    }
                    v.document_id = d->document_id;
                    v.version = store::insert_document_version(db, v);
                    d->updated_at = when;
                    store::update_document(db, *d);
                    out->after = {*d, v};
                },
                [this, out, done = std::move(done)](std::exception_ptr failure) {
                    if (failure) {
                        done(answer_failure(failure));
                        return;
                    }
                    const bool created = !out->before;
                    if (!out->unchanged) {
                        publish_change(out->before, out->after,
                                       created ? "document.added" : "document.versioned");
                    }
                    http_response res;
                    res.status = out->unchanged ? 200 : 201;
                    res.headers["content-type"] = "application/json";
                    res.headers["cache-control"] = "no-store";
                    res.headers["location"] =
                        version_url(out->after.doc.meeting_id, out->after.doc.document_id,
                                    out->after.latest.version);
                    res.body = json::serialize(json::object{{"document", to_json(out->after, true)},
                                                            {"created", !out->unchanged}});
                    done(std::move(res));
                });
        });
    };
    return {std::make_unique<document_upload>(std::move(*blob), max_bytes, std::move(commit)), {}};
}

http_response document_feature::http(const http_request& request) {
    const auto path = parse_document_path(request.path);
    if (!path) {
        return error_of(errc::not_found, "not found");
    }
    if (path->is_collection()) {
        // Uploads reach start_upload; anything else here is the wrong method.
        auto res = error_of(errc::bad_request, "use POST to upload");
        res.status = 405;
        res.headers["allow"] = "POST";
        return res;
    }
    if (request.method != "GET" && request.method != "HEAD") {
        auto res = error_of(errc::bad_request, "method not allowed");
        res.status = 405;
        res.headers["allow"] = "GET, HEAD";
        return res;
    }
    // A token is optional (public documents); a download link may carry it as ?access_token=.
    const auto presented = token_of(request);
    if (presented.malformed) {
        return unauthorized("the Authorization header must be Bearer <token>");
    }
    std::optional<std::string> token;
    if (presented.token) {
        token = std::string(*presented.token);
    }
    principal who;
    if (token) {
        auto p = app_.resolve_token(*token);
        if (!p) {
            return unauthorized("unknown or revoked token");
        }
        who = *p;
    }
    try {
        const auto [meeting, doc, version] = app_.reads->with([&](store::database& db) {
            return std::make_tuple(
                store::find_meeting(db, path->meeting_id),
                store::find_document(db, *path->document_id),
                path->version ? store::find_document_version(db, *path->document_id, *path->version)
                              : store::latest_document_version(db, *path->document_id));
        });
        if (!meeting || (meeting->status == domain::meeting_status::draft &&
                         !app_.may_see_private(who, *meeting))) {
            return error_of(errc::not_found, "no meeting " + std::to_string(path->meeting_id));
        }
        if (!doc || doc->removed_at || doc->meeting_id != path->meeting_id) {
            return error_of(errc::not_found, "no document " + std::to_string(*path->document_id) +
                                                 " in meeting " + std::to_string(path->meeting_id));
        }
        const auto access = access_of(who, *meeting);
        if (!domain::may_see(access, doc->visibility)) {
            const std::string audience = doc->visibility == domain::document_visibility::registered
                                             ? "the meeting's registered participants"
                                             : "the meeting's facilitators";
            if (!token) {
                return unauthorized("this document is for " + audience +
                                    " (Authorization: Bearer <token>)");
            }
            return error_of(errc::forbidden, "this document is for " + audience);
        }
        if (!version) {
            return error_of(errc::not_found, "document " + std::to_string(*path->document_id) +
                                                 " has no version " +
                                                 std::to_string(path->version.value_or(0)));
        }
        const auto file = app_.document_files.path_of(version->sha256);
        struct stat st {};
        if (::stat(file.c_str(), &st) != 0 ||
            static_cast<std::uint64_t>(st.st_size) != version->size) {
            spdlog::error("the bytes of document {} version {} ({}) are missing or damaged",
                          doc->document_id, version->version, version->sha256);
            return error_of(errc::internal, "the document's bytes are missing on the server");
        }

        http_response res;
        const std::string etag = "\"" + version->sha256 + "\"";
        res.headers["etag"] = etag;
        res.headers["last-modified"] = http_date(version->uploaded_at);
        res.headers["cache-control"] = doc->visibility == domain::document_visibility::anyone
                                           ? "no-cache"
                                           : "private, no-cache";
        res.headers["x-content-type-options"] = "nosniff";
        res.headers["accept-ranges"] = "bytes";
        if (is_not_modified(request, etag, version->uploaded_at)) {
            res.status = 304;
            return res;
        }
        res.headers["content-type"] = version->content_type;
        res.headers["content-disposition"] = attachment_disposition(version->filename);
        // If-Range: a range only when the client's copy is the one we have (strong tags only).
        auto range_header = header(request, "range");
        if (const auto if_range = header(request, "if-range"); if_range && *if_range != etag) {
            range_header.reset();
        }
        const auto range = parse_range(range_header, version->size);
        switch (range.what) {
            case range_request::kind::unsatisfiable: {
                auto refused = error_of(errc::invalid_args,
                                        "the range lies outside the document's " +
                                            std::to_string(version->size) + " bytes",
                                        {{"field", "range"}});
                refused.status = 416;
                refused.headers["content-range"] = "bytes */" + std::to_string(version->size);
                return refused;
            }
            case range_request::kind::partial:
                res.status = 206;
                res.headers["content-range"] = "bytes " + std::to_string(range.first) + "-" +
                                               std::to_string(range.last) + "/" +
                                               std::to_string(version->size);
                res.file = file_range{file.string(), range.first, range.last - range.first + 1};
                return res;
            case range_request::kind::whole:
                break;
        }
        res.file = file_range{file.string(), 0, version->size};
        return res;
    } catch (const store::store_error& e) {
        spdlog::error("store error in a document download: {}", e.what());
        return error_of(errc::unavailable, "the database is not available right now");
    }
}

}  // namespace traffpunkt::service
