// The ops of network_feature: networks and their member organisations (admitted by a board
// decision). Invitation codes are in ops_invitation.cpp.

#include "application_impl.hpp"
#include "clock.hpp"
#include "identity.hpp"
#include "network/network_feature.hpp"
#include "parse_fields.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/membership_repository.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/token_repository.hpp"
#include "views.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

domain::network require_network(store::database& db, domain::id id) {
    auto n = store::find_network(db, id);
    if (!n) {
        throw_not_found("no network " + std::to_string(id));
    }
    return *n;
}

json::array members_json(store::database& db, domain::id network_id) {
    json::array out;
    for (const auto& m : store::list_memberships(db, network_id)) {
        if (auto o = store::find_organisation(db, m.organisation_id)) {
            out.push_back(member_json(*o, m));
        }
    }
    return out;
}

}  // namespace

network_feature::network_feature(application::impl& app) : app_(app) {}

void network_feature::op_network_list(const call& c) {
    protocol::decode_network_list(c.req.args);
    auto networks = app_.reads->with([](store::database& db) { return store::list_networks(db); });
    json::array out;
    for (const auto& n : networks) {
        out.push_back(to_json(n));
    }
    c.ok(json::object{{"networks", std::move(out)}});
}

void network_feature::op_network_get(const call& c) {
    const auto args = protocol::decode_network_get(c.req.args);
    c.ok(app_.reads->with([&](store::database& db) {
        const auto n = require_network(db, args.network_id);
        return json::object{{"network", to_json(n)}, {"members", members_json(db, n.network_id)}};
    }));
}

void network_feature::op_network_create(const call& c) {
    app_.require_coordinator(c);
    const auto args = protocol::decode_network_create(c.req.args);
    domain::network n;
    n.name = args.name;
    n.description = domain::normalise_newlines(args.description);
    n.starts_on = date_field("starts_on", args.starts_on);
    n.ends_on = date_field("ends_on", args.ends_on);
    if (args.extended_until) {
        n.extended_until = date_field("extended_until", *args.extended_until);
    }
    enforce(domain::validate(n));
    app_.mutate(c, 0, [n] {
        return write_plan{[n](store::database& db) mutable {
                              n.network_id = store::insert_network(db, n);
                              return json::value(json::object{{"network", to_json(n)}});
                          },
                          {},
                          {},
                          {}};
    });
}

void network_feature::op_network_update(const call& c) {
    app_.require_coordinator(c);
    const auto args = protocol::decode_network_update(c.req.args);
    app_.mutate(c, 0, [this, args] {
        return write_plan{
            [args](store::database& db) {
                auto n = require_network(db, args.network_id);
                if (args.name.present) {
                    n.name = args.name.value.value_or("");
                }
                if (args.description.present) {
                    n.description = domain::normalise_newlines(args.description.value.value_or(""));
                }
                if (args.starts_on.present) {
                    n.starts_on = date_field("starts_on", args.starts_on.value.value_or(""));
                }
                if (args.ends_on.present) {
                    n.ends_on = date_field("ends_on", args.ends_on.value.value_or(""));
                }
                if (args.extended_until.present) {
                    n.extended_until.reset();
                    if (args.extended_until.value) {
                        n.extended_until = date_field("extended_until", *args.extended_until.value);
                    }
                }
                enforce(domain::validate(n));
                store::update_network(db, n);
                return json::value(json::object{{"network", to_json(n)}});
            },
            [this, id = args.network_id](const json::value& r) {
                app_.calendars.invalidate_network(id);  // the feed carries the network name
                app_.events.publish(protocol::topics::network(id), "network.updated", r);
            },
            {},
            {}};
    });
}

void network_feature::op_org_list(const call& c) {
    const auto args = protocol::decode_org_list(c.req.args);
    c.ok(app_.reads->with([&](store::database& db) {
        json::array out;
        if (args.network_id) {
            require_network(db, *args.network_id);
        }
        for (const auto& o : store::list_organisations(db)) {
            json::array memberships;
            for (const auto& m : store::memberships_of(db, o.organisation_id)) {
                if (!args.network_id || m.network_id == *args.network_id) {
                    memberships.push_back(to_json(m));
                }
            }
            // With a network: its members only. An organisation without a recorded decision
            // is not a member.
            if (args.network_id && memberships.empty()) {
                continue;
            }
            out.push_back(json::object{{"organisation", to_json(o)},
                                       {"memberships", std::move(memberships)}});
        }
        return json::object{{"organisations", std::move(out)}};
    }));
}

void network_feature::op_org_admit(const call& c) {
    app_.require_coordinator(c);
    const auto args = protocol::decode_org_admit(c.req.args);
    domain::decision d;
    d.deciding_body = args.decision.deciding_body;
    d.diary_number = args.decision.diary_number;
    d.decided_on = date_field("decision.decided_on", args.decision.decided_on);
    if (auto e = domain::validate(d)) {
        e->field = "decision." + e->field;
        throw_rule(*e);
    }
    std::optional<domain::organisation> new_org;
    if (args.organisation) {
        domain::organisation o;
        o.name = args.organisation->name;
        o.kind = domain::parse_org_kind(args.organisation->kind).value_or(domain::org_kind::other);
        if (auto e = domain::validate(o)) {
            e->field = "organisation." + e->field;
            throw_rule(*e);
        }
        new_org = o;
    }
    app_.mutate(c, 0, [this, args, d, new_org] {
        return write_plan{
            [args, d, new_org](store::database& db) {
                require_network(db, args.network_id);
                domain::organisation org;
                if (args.organisation_id) {
                    auto o = store::find_organisation(db, *args.organisation_id);
                    if (!o) {
                        throw_not_found("no organisation " + std::to_string(*args.organisation_id));
                    }
                    org = *o;
                } else if (auto existing = store::find_organisation_by_name(db, new_org->name)) {
                    // The same municipality admitted again (e.g. to a second network).
                    org = *existing;
                } else {
                    org = *new_org;
                    org.organisation_id = store::insert_organisation(db, org);
                }
                domain::membership m{args.network_id, org.organisation_id, d, now()};
                store::upsert_membership(db, m);
                return json::value(json::object{{"member", member_json(org, m)}});
            },
            [this, id = args.network_id](const json::value& r) {
                app_.events.publish(protocol::topics::network(id), "org.admitted", r);
            },
            {},
            {}};
    });
}

void network_feature::op_org_update(const call& c) {
    app_.require_coordinator(c);
    const auto args = protocol::decode_org_update(c.req.args);
    app_.mutate(c, 0, [this, args] {
        auto networks = std::make_shared<std::vector<domain::id>>();
        return write_plan{
            [args, networks](store::database& db) {
                auto o = store::find_organisation(db, args.organisation_id);
                if (!o) {
                    throw_not_found("no organisation " + std::to_string(args.organisation_id));
                }
                if (args.name.present) {
                    o->name = args.name.value.value_or("");
                }
                if (args.kind.present) {
                    o->kind =
                        domain::parse_org_kind(args.kind.value.value_or("")).value_or(o->kind);
                }
                enforce(domain::validate(*o));
                store::update_organisation(db, *o);
                for (const auto& m : store::memberships_of(db, o->organisation_id)) {
                    networks->push_back(m.network_id);
                }
                return json::value(json::object{{"organisation", to_json(*o)}});
            },
            [this, networks](const json::value& r) {
                for (auto id : *networks) {
                    app_.events.publish(protocol::topics::network(id), "org.updated", r);
                }
            },
            {},
            {}};
    });
}

}  // namespace traffpunkt::service
