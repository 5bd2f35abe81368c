// The ops of meeting_feature: list, read, create, update, publish, cancel, facilitators. Who
// may see which meeting is meeting_access.cpp's.

#include "application_impl.hpp"
#include "clock.hpp"
#include "meetings/meeting_feature.hpp"
#include "parse_fields.hpp"
#include "registrations/registration_feature.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "views.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

std::optional<int> opt_int(const std::optional<std::int64_t>& v) {
    if (!v) {
        return std::nullopt;
    }
    return static_cast<int>(*v);
}

domain::meeting_format format_field(std::string_view text) {
    auto f = domain::parse_meeting_format(text);
    if (!f) {
        throw protocol::invalid_field("format",
                                      "field 'format' must be one of in_person, digital, hybrid");
    }
    return *f;
}

}  // namespace

meeting_feature::meeting_feature(application::impl& app) : app_(app) {}

void meeting_feature::op_list(const call& c) {
    const auto args = protocol::decode_meeting_list(c.req.args);
    std::optional<domain::meeting_status> status;
    if (args.status) {
        status = domain::parse_meeting_status(*args.status);
    }
    auto [network, meetings, facilitated] = app_.reads->with([&](store::database& db) {
        return std::make_tuple(
            store::find_network(db, args.network_id), store::list_meetings(db, args.network_id),
            c.who().person_id ? store::meetings_facilitated_by(db, *c.who().person_id)
                              : std::vector<domain::id>{});
    });
    if (!network) {
        throw_not_found("no network " + std::to_string(args.network_id));
    }
    json::array out;
    for (const auto& m : meetings) {
        const bool privileged =
            c.who().is_coordinator() ||
            std::find(facilitated.begin(), facilitated.end(), m.meeting_id) != facilitated.end();
        if (m.status == domain::meeting_status::draft && !privileged) {
            continue;
        }
        if (status && m.status != *status) {
            continue;
        }
        out.push_back(to_json(m, privileged));
    }
    c.ok(json::object{{"meetings", std::move(out)}});
}

void meeting_feature::op_get(const call& c) {
    const auto args = protocol::decode_meeting_get(c.req.args);
    const auto m = app_.visible_meeting(c, args.meeting_id);
    // People with a confirmed registration get the online link too (ops_registration.cpp).
    const bool staff = app_.may_see_private(c.who(), m);
    const bool with_link = staff || app_.registrations->holds_seat(c.who(), m.meeting_id);
    json::object result{{"meeting", to_json(m, with_link)}};
    if (staff) {
        // Who runs the meeting, for the meeting editor (names only, no e-mail addresses).
        result["facilitators"] = app_.reads->with([&](store::database& db) {
            json::array out;
            for (const auto id : store::facilitators_of(db, m.meeting_id)) {
                if (const auto p = store::find_person(db, id)) {
                    out.push_back(to_json(*p, false));
                }
            }
            return out;
        });
    }
    c.ok(std::move(result));
}

void meeting_feature::op_create(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_meeting_create(c.req.args);
    domain::meeting m;
    m.network_id = a.network_id;
    m.title = a.title;
    m.description = domain::normalise_newlines(a.description);
    m.starts_at = instant_field("starts_at", a.starts_at);
    m.ends_at = instant_field("ends_at", a.ends_at);
    m.zone = a.zone.value_or(std::string(domain::default_zone));
    m.format = format_field(a.format);
    m.venue = a.venue;
    m.address = a.address;
    m.online_url = a.online_url;
    m.capacity_in_person = opt_int(a.capacity_in_person);
    m.capacity_remote = opt_int(a.capacity_remote);
    m.in_person_quota_per_org = opt_int(a.in_person_quota_per_org);
    m.registration_opens = opt_instant_field("registration_opens", a.registration_opens);
    m.registration_closes = opt_instant_field("registration_closes", a.registration_closes);
    m.cost_note = domain::normalise_newlines(a.cost_note);
    m.contact_name = a.contact_name;
    m.contact_email = domain::trim(a.contact_email);
    m.status = domain::meeting_status::draft;
    m.created_at = m.updated_at = now();
    enforce(domain::validate(m));
    app_.mutate(c, 0, [this, m] {
        auto created = std::make_shared<domain::meeting>(m);
        return write_plan{
            [created](store::database& db) {
                if (!store::find_network(db, created->network_id)) {
                    throw_not_found("no network " + std::to_string(created->network_id));
                }
                created->meeting_id = store::insert_meeting(db, *created);
                return json::value(json::object{{"meeting", to_json(*created, true)}});
            },
            [this, created](const json::value&) {
                app_.publish_meeting("meeting.created", *created);
            },
            {},
            {}};
    });
}

void meeting_feature::op_update(const call& c) {
    const auto a = protocol::decode_meeting_update(c.req.args);
    // Checked before the room is touched, so nobody can make rooms for meetings they can't see.
    const auto visible = app_.visible_meeting(c, a.meeting_id);
    if (!app_.may_see_private(c.who(), visible)) {
        throw_forbidden("only coordinators and the meeting's facilitators may edit it");
    }
    auto r = app_.rooms.get(a.meeting_id);
    app_.mutate(c, a.meeting_id, [this, a, r] {
        const domain::meeting before = app_.room_meeting(*r, a.meeting_id);
        enforce(domain::can_edit(before));
        domain::meeting m = before;
        auto text = [](auto& patch, std::string& target) {
            if (patch.present) {
                target = domain::normalise_newlines(patch.value.value_or(""));
            }
        };
        if (a.title.present) {
            m.title = a.title.value.value_or("");
        }
        text(a.description, m.description);
        text(a.cost_note, m.cost_note);
        if (a.venue.present) {
            m.venue = a.venue.value.value_or("");
        }
        if (a.address.present) {
            m.address = a.address.value.value_or("");
        }
        if (a.online_url.present) {
            m.online_url = a.online_url.value.value_or("");
        }
        if (a.contact_name.present) {
            m.contact_name = a.contact_name.value.value_or("");
        }
        if (a.contact_email.present) {
            m.contact_email = domain::trim(a.contact_email.value.value_or(""));
        }
        if (a.starts_at.present) {
            m.starts_at = instant_field("starts_at", a.starts_at.value.value_or(""));
        }
        if (a.ends_at.present) {
            m.ends_at = instant_field("ends_at", a.ends_at.value.value_or(""));
        }
        if (a.zone.present) {
            m.zone = a.zone.value.value_or(std::string(domain::default_zone));
        }
        if (a.format.present) {
            m.format = format_field(a.format.value.value_or(""));
        }
        if (a.capacity_in_person.present) {
            m.capacity_in_person = opt_int(a.capacity_in_person.value);
        }
        if (a.capacity_remote.present) {
            m.capacity_remote = opt_int(a.capacity_remote.value);
        }
        if (a.in_person_quota_per_org.present) {
            m.in_person_quota_per_org = opt_int(a.in_person_quota_per_org.value);
        }
        if (a.registration_opens.present) {
            m.registration_opens =
                opt_instant_field("registration_opens", a.registration_opens.value);
        }
        if (a.registration_closes.present) {
            m.registration_closes =
                opt_instant_field("registration_closes", a.registration_closes.value);
        }
        enforce(domain::validate(m));
        if (m.status != domain::meeting_status::draft &&
            domain::calendar_visible_change(before, m)) {
            ++m.sequence;
        }
        m.updated_at = now();
        // More seats or a larger quota move the waitlist up at once (ops_registration.cpp).
        // Before the room changes: this may read the database, and a failed read changes nothing.
        auto seats = app_.registrations->after_meeting_change(r, before, m);
        r->meeting = m;  // the next command on this room sees the change
        return write_plan{[this, before, m, seats](store::database& db) {
                              store::update_meeting(db, m);
                              // Change mails first: a promotion below is newer news.
                              app_.outbox.meeting_changed(db, before, m);
                              if (seats) {
                                  seats->write(db);
                              }
                              return json::value(json::object{{"meeting", to_json(m, true)}});
                          },
                          [this, m, seats](const json::value& result) {
                              app_.mail_queued();
                              app_.publish_meeting("meeting.updated", m);
                              if (seats) {
                                  seats->committed(result);
                              }
                          },
                          [this, r, seats] {
                              boost::asio::post(r->strand, [r] { r->meeting.reset(); });
                              if (seats) {
                                  seats->failed();
                              }
                          },
                          {}};
    });
}

void meeting_feature::transition(const call& c, std::int64_t meeting_id,
                                 domain::check (*step)(domain::meeting&), std::string ev) {
    app_.require_coordinator(c);
    app_.visible_meeting(c, meeting_id);
    auto r = app_.rooms.get(meeting_id);
    app_.mutate(c, meeting_id, [this, r, meeting_id, step, ev] {
        domain::meeting m = app_.room_meeting(*r, meeting_id);
        enforce(step(m));
        m.updated_at = now();
        r->meeting = m;
        return write_plan{[this, m](store::database& db) {
                              store::update_meeting(db, m);
                              if (m.status == domain::meeting_status::cancelled) {
                                  app_.outbox.meeting_cancelled(db, m);  // same transaction
                              }
                              return json::value(json::object{{"meeting", to_json(m, true)}});
                          },
                          [this, m, ev](const json::value&) {
                              app_.mail_queued();
                              app_.publish_meeting(ev, m);
                          },
                          [r] { boost::asio::post(r->strand, [r] { r->meeting.reset(); }); },
                          {}};
    });
}

void meeting_feature::op_publish(const call& c) {
    const auto a = protocol::decode_meeting_publish(c.req.args);
    transition(c, a.meeting_id, &domain::publish, "meeting.published");
}

void meeting_feature::op_cancel(const call& c) {
    const auto a = protocol::decode_meeting_cancel(c.req.args);
    transition(c, a.meeting_id, &domain::cancel, "meeting.cancelled");
}

void meeting_feature::facilitator_change(const call& c, std::int64_t meeting_id,
                                         std::int64_t person_id, bool add) {
    app_.require_coordinator(c);
    app_.mutate(c, 0, [this, meeting_id, person_id, add] {
        return write_plan{[meeting_id, person_id, add](store::database& db) {
                              if (!store::find_meeting(db, meeting_id)) {
                                  throw_not_found("no meeting " + std::to_string(meeting_id));
                              }
                              if (!store::find_person(db, person_id)) {
                                  throw_not_found("no person " + std::to_string(person_id));
                              }
                              if (add) {
                                  store::add_facilitator(db, meeting_id, person_id);
                              } else {
                                  store::remove_facilitator(db, meeting_id, person_id);
                              }
                              json::array ids;
                              for (auto id : store::facilitators_of(db, meeting_id)) {
                                  ids.push_back(id);
                              }
                              return json::value(json::object{{"meeting_id", meeting_id},
                                                              {"facilitators", std::move(ids)}});
                          },
                          [this, person_id, add](const json::value&) {
                              // Their staff subscriptions needed the right that just ended.
                              if (!add) {
                                  app_.recheck_rights(person_id);
                              }
                          },
                          {},
                          {}};
    });
}

void meeting_feature::op_add_facilitator(const call& c) {
    const auto a = protocol::decode_meeting_add_facilitator(c.req.args);
    facilitator_change(c, a.meeting_id, a.person_id, true);
}

void meeting_feature::op_remove_facilitator(const call& c) {
    const auto a = protocol::decode_meeting_remove_facilitator(c.req.args);
    facilitator_change(c, a.meeting_id, a.person_id, false);
}

}  // namespace traffpunkt::service
