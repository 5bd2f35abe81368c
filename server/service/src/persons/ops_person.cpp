// The ops of people_feature: a person made by a coordinator (with their first personal link),
// read by themself or a coordinator, the coordinator's list (by organisation, searched by name
// or e-mail, paged), changes to a person, and personal links (a participant token in a URL):
// issue a new one, which revokes the old ones, or revoke them all.

#include "application_impl.hpp"
#include "clock.hpp"
#include "identity.hpp"
#include "parse_fields.hpp"
#include "persons/people_feature.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/token_repository.hpp"
#include "views.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

/**
 * Lower case for matching: ASCII and the Latin-1 capitals (À-Þ but ×), which covers what
 * Swedish names and addresses hold (Å, Ä, Ö, É, Ü). Other bytes are kept as they are.
 */
std::string fold_case(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c + ('a' - 'A'));
        } else if (c == 0xC3 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            out += static_cast<char>(c);
            // U+00C0..U+00DE are C3 80..C3 9E; their small letters are 0x20 further on.
            out += static_cast<char>(next >= 0x80 && next <= 0x9E && next != 0x97 ? next + 0x20
                                                                                  : next);
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

[[noreturn]] void throw_email_taken() {
    throw protocol_error(protocol::error{
        errc::conflict, "a person with this e-mail address exists", {{"field", "email"}}});
}

domain::person require_person(store::database& db, domain::id person_id) {
    auto p = store::find_person(db, person_id);
    if (!p) {
        throw_not_found("no person " + std::to_string(person_id));
    }
    return *p;
}

}  // namespace

people_feature::people_feature(application::impl& app) : app_(app) {}

void people_feature::op_list(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_person_list(c.req.args);
    const std::string query = fold_case(domain::trim(a.query));
    c.ok(app_.reads->with([&](store::database& db) {
        if (a.organisation_id && !store::find_organisation(db, *a.organisation_id)) {
            throw_not_found("no organisation " + std::to_string(*a.organisation_id));
        }
        const auto links = store::person_link_times(db);
        json::array page;
        std::int64_t total = 0;
        for (const auto& p : store::list_persons(db, a.organisation_id)) {
            if (!query.empty() && fold_case(p.name).find(query) == std::string::npos &&
                fold_case(p.email).find(query) == std::string::npos) {
                continue;
            }
            if (total >= a.offset && total < a.offset + a.limit) {
                auto view = to_json(p, true);
                const auto link = links.find(p.person_id);
                view["link_issued_at"] = link == links.end()
                                             ? json::value(nullptr)
                                             : json::value(domain::format_instant(link->second));
                page.push_back(std::move(view));
            }
            ++total;
        }
        return json::object{{"people", std::move(page)},
                            {"total", total},
                            {"offset", a.offset},
                            {"limit", a.limit}};
    }));
}

void people_feature::op_update(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_person_update(c.req.args);
    app_.mutate(c, 0, [a] {
        return write_plan{
            [a](store::database& db) -> json::value {
                auto p = require_person(db, a.person_id);
                if (a.name.present) {
                    p.name = *a.name.value;
                }
                if (a.email.present) {
                    p.email = domain::trim(*a.email.value);
                }
                if (a.organisation_id.present) {
                    p.organisation_id = *a.organisation_id.value;
                }
                if (a.role.present) {
                    p.role = domain::parse_person_role(*a.role.value).value_or(p.role);
                }
                enforce(domain::validate(p));
                if (!store::find_organisation(db, p.organisation_id)) {
                    throw_not_found("no organisation " + std::to_string(p.organisation_id));
                }
                if (const auto other = store::find_person_by_email(db, p.email);
                    other && other->person_id != p.person_id) {
                    throw_email_taken();
                }
                store::update_person(db, p);
                return json::object{{"person", to_json(p, true)}};
            },
            {},
            {},
            {}};
    });
}

void people_feature::op_link(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_person_link(c.req.args);
    const std::string token = generate_token();
    const std::string url = app_.settings.public_base_url + "/#/me?token=" + token;
    app_.mutate(c, 0, [a, token, url] {
        write_plan plan;
        plan.write = [a, token, url](store::database& db) -> json::value {
            const auto p = require_person(db, a.person_id);
            // A new link replaces the old ones: whoever still has an old one loses it.
            const int revoked = store::revoke_person_tokens(db, p.person_id, now());
            store::insert_token(db, hash_token(token), "participant", p.person_id, p.name, now());
            return json::object{
                {"person_id", p.person_id}, {"token", token}, {"url", url}, {"revoked", revoked}};
        };
        // Only the hash is stored: a retry learns that the link was made, not the link.
        plan.remembered = [](const json::value& r) {
            json::object kept = r.as_object();
            kept["token"] = nullptr;
            kept["url"] = nullptr;
            return json::value(std::move(kept));
        };
        return plan;
    });
}

void people_feature::op_link_revoke(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_person_link(c.req.args);
    app_.mutate(c, 0, [a] {
        return write_plan{[a](store::database& db) -> json::value {
                              const auto p = require_person(db, a.person_id);
                              const int revoked =
                                  store::revoke_person_tokens(db, p.person_id, now());
                              return json::object{{"person_id", p.person_id}, {"revoked", revoked}};
                          },
                          {},
                          {},
                          {}};
    });
}

void people_feature::op_create(const call& c) {
    app_.require_coordinator(c);
    const auto args = protocol::decode_person_create(c.req.args);
    domain::person p;
    p.name = args.name;
    p.email = domain::trim(args.email);
    p.organisation_id = args.organisation_id;
    p.role = domain::parse_person_role(args.role).value_or(domain::person_role::official);
    p.language = domain::parse_person_language(args.language.value_or("sv"))
                     .value_or(domain::person_language::sv);
    enforce(domain::validate(p));
    app_.mutate(c, 0, [this, p, send_link = args.send_link] {
        write_plan plan;
        plan.write = [this, p, send_link](store::database& db) mutable {
            if (!store::find_organisation(db, p.organisation_id)) {
                throw_not_found("no organisation " + std::to_string(p.organisation_id));
            }
            if (store::find_person_by_email(db, p.email)) {
                throw_email_taken();
            }
            p.person_id = store::insert_person(db, p, now());
            const std::string token = generate_token();
            store::insert_token(db, hash_token(token), "participant", p.person_id, p.name, now());
            json::object result{{"person", to_json(p, true)}, {"token", token}};
            if (send_link) {
                // The link by mail, in this transaction: committed person, queued mail.
                result["mail_id"] = app_.outbox.personal_link(db, p, token, "created");
            }
            return json::value(std::move(result));
        };
        plan.committed = [this](const json::value&) { app_.mail_queued(); };
        // The database keeps token hashes only, so a retried create does not get the token
        // again; a coordinator issues a new one instead.
        plan.remembered = [](const json::value& r) {
            json::object kept = r.as_object();
            kept["token"] = nullptr;
            return json::value(std::move(kept));
        };
        return plan;
    });
}

void people_feature::op_get(const call& c) {
    const auto args = protocol::decode_person_get(c.req.args);
    const bool self = c.who().person_id && *c.who().person_id == args.person_id;
    if (!self && !c.who().is_coordinator()) {
        throw_forbidden("only the person themself and coordinators may read a person");
    }
    auto p = app_.reads->with(
        [&](store::database& db) { return store::find_person(db, args.person_id); });
    if (!p) {
        throw_not_found("no person " + std::to_string(args.person_id));
    }
    c.ok(json::object{{"person", to_json(*p, true)}});
}

}  // namespace traffpunkt::service
