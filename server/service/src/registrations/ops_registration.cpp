// Registrations: create (for oneself, on someone's behalf, or self-registration with an
// organisation's invitation), read, change mode and needs, cancel, check in; and attendance
// statistics per organisation.
//
// Every change to a meeting's registrations is decided on that meeting's room strand against
// the room's registration book (domain::registration_book), so capacity, quota, waitlist order
// and "one registration per person" hold under any number of concurrent sign-ups without
// database locks. The book is changed when the plan is decided, before the commit, so the next
// command sees it; a write that fails drops the book, and it is reloaded from the database once
// no write of the room is in flight any more.
//
// Registration ids are given on the strand (before the insert) so the book can hold a new
// registration at once; they come from one counter that starts above the largest stored id.

#include <boost/asio/post.hpp>

#include "application_impl.hpp"
#include "clock.hpp"
#include "identity.hpp"
#include "mail/mail_feature.hpp"
#include "parse_fields.hpp"
#include "persons/personal_data_feature.hpp"
#include "registrations/registration_batch.hpp"
#include "registrations/registration_feature.hpp"
#include "registrations/registration_rules.hpp"
#include "traffpunkt/domain/registration_policy.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/invitation_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/membership_repository.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/registration_repository.hpp"
#include "traffpunkt/store/token_repository.hpp"
#include "views.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

/**
 * Counts events carry the whole counts, so a newer one supersedes an older one still queued
 * for a slow client (see event_sink::deliver). The tag keeps the key apart from other kinds
 * of coalesced events (poll tallies) on the same connection.
 */
std::uint64_t counts_coalesce_key(domain::id meeting_id) {
    return (std::uint64_t{0x52} << 56) | static_cast<std::uint64_t>(meeting_id);
}

/** Check-in codes: no 0/O or 1/I look-alikes; 32 symbols, so a random byte maps without bias. */
constexpr std::string_view checkin_alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

std::string new_checkin_code(const domain::registration_book& book) {
    for (;;) {
        const std::string hex = random_hex(domain::limits::checkin_code_length);
        std::string code;
        for (std::size_t i = 0; i < domain::limits::checkin_code_length; ++i) {
            const auto byte = std::stoi(hex.substr(2 * i, 2), nullptr, 16);
            code += checkin_alphabet[static_cast<std::size_t>(byte) % checkin_alphabet.size()];
        }
        // A billion codes per meeting: a clash is rare, but the code must name one person.
        if (book.find_by_checkin_code(code) == nullptr) {
            return code;
        }
    }
}

/** What a participant types at the door: any case, spaces around. */
std::string normalise_checkin_code(std::string_view text) {
    std::string code = domain::trim(text);
    for (auto& ch : code) {
        if (ch >= 'a' && ch <= 'z') {
            ch = static_cast<char>(ch - 'a' + 'A');
        }
    }
    return code;
}

domain::attendance_mode mode_field(std::string_view text) {
    auto mode = domain::parse_attendance_mode(text);
    if (!mode) {
        throw protocol::invalid_field("mode", "field 'mode' must be one of in_person, remote");
    }
    return *mode;
}

[[noreturn]] void throw_refusal(domain::registration_refusal refusal) {
    const std::string message(domain::describe(refusal));
    switch (refusal) {
        case domain::registration_refusal::meeting_not_published:
            throw protocol_error(errc::meeting_not_published, message);
        case domain::registration_refusal::meeting_cancelled:
            throw protocol_error(errc::meeting_cancelled, message);
        case domain::registration_refusal::registration_not_open:
        case domain::registration_refusal::registration_closed:
            throw protocol_error(errc::registration_closed, message);
        case domain::registration_refusal::mode_not_offered:
            throw protocol::invalid_field("mode", message);
    }
    throw protocol_error(errc::internal, "internal error");
}

/** Registrations of a cancelled or draft meeting cannot be changed either. */
void require_changeable(const domain::meeting& m) {
    if (auto refusal = domain::check_status(m)) {
        throw_refusal(*refusal);
    }
}

/** The organisation must be a member of the meeting's network: a board decision recorded. */
void require_member(store::database& db, const domain::meeting& m, domain::id organisation_id) {
    if (store::find_membership(db, m.network_id, organisation_id)) {
        return;
    }
    auto org = store::find_organisation(db, organisation_id);
    throw protocol_error(
        errc::forbidden,
        (org ? org->name : "the organisation") +
            " is not a member of this meeting's network (no board decision is recorded)",
        {{"field", "organisation_id"}});
}

domain::person registrant_person(store::database& db, domain::id person_id) {
    auto p = store::find_person(db, person_id);
    if (!p) {
        throw_not_found("no person " + std::to_string(person_id));
    }
    return *p;
}

/** Row of a batch for `r` with its current place in line. */
registration_batch::row batch_row(const domain::registration_book& book,
                                  const domain::registration& r, bool insert, std::string event) {
    return {r, insert, book.waitlist_position(r.registration_id), std::move(event)};
}

/** Adds the promotions a change made possible (each person gets registration.promoted). */
void add_promotions(registration_batch& b, const domain::registration_book& book,
                    const std::vector<domain::registration>& promoted) {
    for (const auto& p : promoted) {
        b.rows.push_back(batch_row(book, p, false, "registration.promoted"));
    }
}

std::optional<domain::registration_status> status_filter(const std::optional<std::string>& s) {
    if (!s) {
        return std::nullopt;
    }
    return domain::parse_registration_status(*s);
}

/** Absent filter: the active registrations (confirmed and waitlisted). */
bool status_matches(const std::optional<domain::registration_status>& filter,
                    domain::registration_status status) {
    return filter ? status == *filter : status != domain::registration_status::cancelled;
}

}  // namespace

// --- the writer's part ---------------------------------------------------------------------

json::value store_registration_batch(store::database& db, registration_batch& b) {
    if (b.new_person) {
        // Checked before planning too; this catches two self-registrations with one address.
        if (store::find_person_by_email(db, b.new_person->email)) {
            throw protocol_error(errc::conflict,
                                 "a person with this e-mail address is already known: register "
                                 "with your personal link",
                                 {{"field", "person.email"}});
        }
        b.new_person->person_id = store::insert_person(db, *b.new_person, now());
        store::insert_token(db, hash_token(b.token), "participant", b.new_person->person_id,
                            b.new_person->name, now());
        for (auto& row : b.rows) {
            if (row.registration.person_id == 0) {
                row.registration.person_id = b.new_person->person_id;
            }
        }
        if (b.answer.person_id == 0) {
            b.answer.person_id = b.new_person->person_id;
        }
    }
    // What the rows were, for the mails their changes cause (queued below, same transaction).
    const auto before = b.mail ? b.mail->before(db, b) : mail_outbox::registrations_before{};
    for (const auto& row : b.rows) {
        if (row.insert) {
            store::insert_registration(db, row.registration);
        } else {
            store::update_registration(db, row.registration);
        }
    }
    if (b.mail) {
        b.mail->registrations_stored(db, b, before);
    }
    const auto view = [&db](const domain::registration& r, int position) {
        const auto person = store::find_person(db, r.person_id);
        const auto org = store::find_organisation(db, r.organisation_id);
        return to_json(r, position, person ? &*person : nullptr, org ? &*org : nullptr);
    };
    for (const auto& row : b.rows) {
        if (!row.event.empty()) {
            b.events.push_back(
                {protocol::topics::person(row.registration.person_id), row.event,
                 json::object{{"registration", view(row.registration, row.waitlist_position)}}});
        }
    }
    if (b.changed) {
        b.events.push_back({protocol::topics::meeting(b.meeting.meeting_id), "registration.counts",
                            json::object{{"counts", to_json(b.counts, b.meeting.meeting_id)}},
                            counts_coalesce_key(b.meeting.meeting_id)});
    }
    if (b.answer.registration_id == 0) {
        return json::object{};  // a follow-up of another command, which has its own answer
    }
    json::object result{{"registration", view(b.answer, b.answer_position)}};
    if (b.created) {
        result["created"] = *b.created;
    }
    if (b.new_person) {
        result["token"] = b.token;
    }
    return result;
}

registration_feature::registration_feature(application::impl& app) : app_(app) {}

write_plan registration_feature::write(std::shared_ptr<room> r,
                                       std::shared_ptr<registration_batch> b) {
    if (b->changed) {
        r->registrations.begin_write();  // on the strand: the plan is decided here
    }
    b->mail = &app_.outbox;
    write_plan plan;
    plan.write = [b](store::database& db) { return store_registration_batch(db, *b); };
    plan.committed = [this, r, b](const json::value&) {
        app_.mail_queued();
        for (const auto& e : b->events) {
            app_.events.publish(e.topic, e.ev, e.data, e.coalesce_key);
        }
        // A registration that is no longer confirmed takes the rights that came with it
        // (polls, registered-only documents): those subscriptions end now.
        for (const auto& row : b->rows) {
            if (row.registration.person_id != 0 &&
                row.registration.status != domain::registration_status::confirmed) {
                app_.recheck_rights(row.registration.person_id);
            }
        }
        if (!b->changed) {
            return;
        }
        boost::asio::post(r->strand, [r, b] {
            r->registrations.landed();
            if (auto* book = r->registrations.get(); book && b->new_person) {
                for (const auto& row : b->rows) {
                    book->set_person(row.registration.registration_id, b->new_person->person_id);
                }
            }
        });
    };
    plan.failed = [r, b] {
        if (!b->changed) {
            return;
        }
        // The book holds what this write would have done; the database is the truth again.
        boost::asio::post(r->strand, [r] { r->registrations.failed(); });
    };
    // The database keeps token hashes only: a retry gets `"token": null`, like person.create.
    plan.remembered = [](const json::value& result) {
        json::object kept = result.as_object();
        if (kept.contains("token")) {
            kept["token"] = nullptr;
        }
        return json::value(std::move(kept));
    };
    return plan;
}

domain::registration_book& registration_feature::room_book(room& r, std::int64_t meeting_id) {
    return r.registrations.use(
        [&] {
            return domain::registration_book(app_.reads->with([&](store::database& db) {
                return store::list_meeting_registrations(db, meeting_id);
            }));
        },
        [] {
            return protocol_error(errc::unavailable,
                                  "the meeting's registrations are being reloaded after a failed "
                                  "write; retry with the same idem key");
        });
}

bool registration_feature::holds_seat(const principal& p, std::int64_t meeting_id) {
    if (!p.person_id) {
        return false;
    }
    const auto r = app_.reads->with([&](store::database& db) {
        return store::find_active_registration(db, meeting_id, *p.person_id);
    });
    return r && r->status == domain::registration_status::confirmed;
}

std::int64_t registration_feature::next_id() {
    // Only this process inserts registrations, and the first id is taken before any insert.
    std::call_once(ids_loaded_, [this] {
        last_id_ =
            app_.reads->with([](store::database& db) { return store::max_registration_id(db); });
    });
    return ++last_id_;
}

std::optional<write_plan> registration_feature::after_meeting_change(std::shared_ptr<room> r,
                                                                     const domain::meeting& before,
                                                                     const domain::meeting& after) {
    const bool seats_changed = before.capacity_in_person != after.capacity_in_person ||
                               before.capacity_remote != after.capacity_remote ||
                               before.in_person_quota_per_org != after.in_person_quota_per_org ||
                               before.format != after.format || before.starts_at != after.starts_at;
    if (!seats_changed || r->registrations.reloading()) {
        // A book being reloaded catches up at the room's next registration command.
        return std::nullopt;
    }
    auto& book = room_book(*r, after.meeting_id);
    if (book.size() == 0) {
        return std::nullopt;
    }
    auto b = std::make_shared<registration_batch>();
    b->meeting = after;
    add_promotions(*b, book, domain::fill_free_seats(book, after, now()));
    b->counts = domain::counts_of(book, after);
    return write(r, b);
}

// --- ops -----------------------------------------------------------------------------------

void registration_feature::op_create(const call& c) {
    const auto a = protocol::decode_registration_create(c.req.args);
    const auto mode = mode_field(a.mode);
    domain::registration draft;
    draft.mode = mode;
    draft.dietary_needs = domain::normalise_newlines(a.dietary_needs);
    draft.accessibility_needs = domain::normalise_newlines(a.accessibility_needs);
    enforce(domain::validate_needs(draft));

    const principal& who = c.who();
    const bool anonymous = !who.is_coordinator() && !who.person_id;
    if (!anonymous) {
        // Before any lookup: whether a person id exists, or whose it is, is nobody's business
        // but a coordinator's (a facilitator could otherwise collect people's details).
        switch (check_registrant(who, a.person_id)) {
            case registrant_refusal::none:
                break;
            case registrant_refusal::someone_else:
                throw_forbidden(
                    "only coordinators register someone else; a participant registers "
                    "themself");
            case registrant_refusal::person_required:
                throw protocol::invalid_field("person_id",
                                              "field 'person_id' is required for coordinators");
        }
    }
    const auto m = app_.visible_meeting(c, a.meeting_id);  // drafts: not_found unless staff
    const bool staff = app_.may_see_private(who, m);

    std::optional<domain::person> new_person;
    domain::person person;
    if (anonymous) {
        if (!a.invitation) {
            throw protocol::invalid_field(
                "invitation",
                "field 'invitation' is required without a token: register with your personal "
                "link, or with your organisation's invitation and your details (person)");
        }
        domain::person p;
        p.name = a.person->name;
        p.email = domain::trim(a.person->email);
        p.role = domain::parse_person_role(a.person->role).value_or(domain::person_role::official);
        p.language = domain::parse_person_language(a.person->language.value_or("sv"))
                         .value_or(domain::person_language::sv);
        app_.reads->with([&](store::database& db) {
            const auto invitation = store::find_active_invitation(db, hash_token(*a.invitation));
            if (!invitation) {
                throw protocol_error(errc::invalid_invitation,
                                     "the invitation code is unknown or no longer valid; ask "
                                     "your coordinator for the current one",
                                     {{"field", "invitation"}});
            }
            p.organisation_id = invitation->organisation_id;
            if (auto e = domain::validate(p)) {
                e->field = "person." + e->field;
                throw_rule(*e);
            }
            // Whether the address is known is looked up last, on the room's strand: every
            // other refusal comes first and reads the same for a known and an unknown address.
            require_member(db, m, p.organisation_id);
        });
        new_person = p;
        person = p;
    } else {
        if (a.invitation) {
            throw protocol::invalid_field(
                "invitation", "field 'invitation' is only for self-registration without a token");
        }
        const auto person_id = a.person_id.value_or(who.person_id.value_or(0));
        app_.reads->with([&](store::database& db) {
            person = registrant_person(db, person_id);
            require_member(db, m, person.organisation_id);
        });
    }

    auto r = app_.rooms.get(a.meeting_id);
    const std::string token = new_person ? generate_token() : std::string();
    app_.mutate(
        c, a.meeting_id,
        [this, r, meeting_id = a.meeting_id, draft, person, new_person, token, staff] {
            const domain::meeting meeting = app_.room_meeting(*r, meeting_id);
            auto& book = room_book(*r, meeting_id);
            auto b = std::make_shared<registration_batch>();
            b->meeting = meeting;
            require_changeable(meeting);  // a cancelled meeting says so, also to those registered
            // Registering twice answers with the registration there is, also when two requests
            // race: both run here, one after the other.
            if (person.person_id != 0) {
                if (const auto* existing = book.find_by_person(person.person_id)) {
                    b->changed = false;
                    b->answer = *existing;
                    b->answer_position = book.waitlist_position(existing->registration_id);
                    b->created = false;
                    return write(r, b);
                }
            }
            const auto t = now();
            if (auto refusal = domain::may_register(meeting, draft.mode, t, staff)) {
                throw_refusal(*refusal);
            }
            if (new_person && app_.reads->with([&](store::database& db) {
                    return store::find_person_by_email(db, new_person->email).has_value();
                })) {
                // Never hand out a known person's token to whoever types their address. The
                // one refusal that tells a known address, and only where registering would
                // succeed (PROTOCOL.md, self-registration).
                throw protocol_error(errc::conflict,
                                     "a person with this e-mail address is already known: "
                                     "register with your personal link",
                                     {{"field", "person.email"}});
            }
            domain::registration reg = draft;
            reg.registration_id = next_id();
            reg.person_id = person.person_id;  // 0 for a new person until the write stores them
            reg.organisation_id = person.organisation_id;
            reg.checkin_code = new_checkin_code(book);
            const auto booked = domain::book_new(book, meeting, reg, t);
            const auto promoted = domain::fill_free_seats(book, meeting, t);
            b->new_person = new_person;
            b->token = token;
            b->rows.push_back(batch_row(book, booked, true, "registration.updated"));
            add_promotions(*b, book, promoted);
            b->answer = booked;
            b->answer_position = book.waitlist_position(booked.registration_id);
            b->created = true;
            b->counts = domain::counts_of(book, meeting);
            return write(r, b);
        });
}

void registration_feature::op_get(const call& c) {
    const auto a = protocol::decode_registration_get(c.req.args);
    const principal& who = c.who();
    if (!who.is_coordinator() && !who.person_id) {
        throw_forbidden("sign in with your personal link to see your registration");
    }
    std::optional<store::attendee> found;
    domain::meeting m;
    if (a.registration_id) {
        found = app_.reads->with(
            [&](store::database& db) { return store::find_attendee(db, *a.registration_id); });
        if (!found) {
            throw_not_found("no registration " + std::to_string(*a.registration_id));
        }
        m = app_.reads
                ->with([&](store::database& db) {
                    return store::find_meeting(db, found->registration.meeting_id);
                })
                .value();
    } else {
        m = app_.visible_meeting(c, *a.meeting_id);
        if (!a.person_id && !who.person_id) {
            throw protocol::invalid_field("person_id",
                                          "field 'person_id' is required for coordinators");
        }
        const auto person_id = a.person_id.value_or(who.person_id.value_or(0));
        if (person_id != who.person_id.value_or(0) && !app_.may_see_private(who, m)) {
            throw_forbidden(
                "only coordinators and the meeting's facilitators may see others' "
                "registrations");
        }
        found = app_.reads->with([&](store::database& db) -> std::optional<store::attendee> {
            const auto active = store::find_active_registration(db, m.meeting_id, person_id);
            if (!active) {
                return std::nullopt;
            }
            return store::find_attendee(db, active->registration_id);
        });
        if (!found) {
            throw_not_found("person " + std::to_string(person_id) +
                            " has no active registration for meeting " +
                            std::to_string(m.meeting_id));
        }
    }
    const bool self = who.person_id && *who.person_id == found->registration.person_id;
    if (!self && !app_.may_see_private(who, m)) {
        throw_forbidden(
            "only the person, coordinators and the meeting's facilitators may see a "
            "registration");
    }
    const int position = app_.reads->with([&](store::database& db) {
        return store::waitlist_position(db, found->registration.registration_id);
    });
    c.ok(json::object{{"registration", to_json(found->registration, position, &found->person,
                                               &found->organisation)}});
}

void registration_feature::op_list(const call& c) {
    const auto a = protocol::decode_registration_list(c.req.args);
    const principal& who = c.who();
    if (!who.is_coordinator() && !who.person_id) {
        throw_forbidden("sign in with your personal link to see your registrations");
    }
    if (a.mail) {
        app_.require_coordinator(
            c);  // the delivery state of mails is the coordinators' (ops_mail.cpp)
    }
    const auto filter = status_filter(a.status);
    json::array out;
    if (a.meeting_id) {
        const auto m = app_.visible_meeting(c, *a.meeting_id);
        const bool staff = app_.may_see_private(who, m);
        // Participants see their own registration only; staff everybody's, or one person's.
        std::optional<domain::id> only = a.person_id;
        if (!staff) {
            if (a.person_id && *a.person_id != who.person_id.value_or(0)) {
                throw_forbidden(
                    "only coordinators and the meeting's facilitators may list "
                    "others' registrations");
            }
            only = who.person_id;
        }
        auto attendees = app_.reads->with(
            [&](store::database& db) { return store::list_attendees(db, m.meeting_id); });
        std::vector<domain::registration> rows;
        rows.reserve(attendees.size());
        for (const auto& at : attendees) {
            rows.push_back(at.registration);
        }
        const domain::registration_book book(rows);
        for (const auto& at : attendees) {
            if ((only && at.registration.person_id != *only) ||
                !status_matches(filter, at.registration.status)) {
                continue;
            }
            out.push_back(to_json(at.registration,
                                  book.waitlist_position(at.registration.registration_id),
                                  &at.person, &at.organisation));
        }
        if (staff) {
            // Others' names, addresses and needs: who read them is recorded.
            app_.personal_data->log_access(who, c.conn->remote, "registration.list", only,
                                           m.meeting_id);
        }
        if (a.mail) {
            app_.mail->add_last_mails(out);
        }
        c.ok(json::object{{"registrations", std::move(out)},
                          {"counts", to_json(domain::counts_of(book, m), m.meeting_id)}});
        return;
    }
    if (!a.person_id && !who.person_id) {
        throw protocol::invalid_field("person_id",
                                      "field 'person_id' is required for coordinators without "
                                      "meeting_id");
    }
    const auto person_id = a.person_id.value_or(who.person_id.value_or(0));
    if (person_id != who.person_id.value_or(0) && !who.is_coordinator()) {
        throw_forbidden("only coordinators may list another person's registrations");
    }
    app_.reads->with([&](store::database& db) {
        const auto person = registrant_person(db, person_id);
        for (const auto& r : store::list_person_registrations(db, person_id)) {
            if (!status_matches(filter, r.status)) {
                continue;
            }
            const auto org = store::find_organisation(db, r.organisation_id);
            out.push_back(to_json(r, store::waitlist_position(db, r.registration_id), &person,
                                  org ? &*org : nullptr));
        }
    });
    if (a.mail) {
        app_.mail->add_last_mails(out);
    }
    c.ok(json::object{{"registrations", std::move(out)}});
}

namespace {

/** A stored registration and the meeting it belongs to, for a command about it. */
struct registration_target {
    domain::registration registration;
    domain::meeting meeting;
    bool staff = false;  ///< the caller is a coordinator or one of the meeting's facilitators
};

/**
 * Loads a registration for a change; only its person and the meeting's staff (`staff_of`) may
 * change it.
 */
registration_target load_target(store::read_pool& reads, const call& c, domain::id registration_id,
                                const std::function<bool(const domain::meeting&)>& staff_of) {
    registration_target t;
    auto found = reads.with(
        [&](store::database& db) { return store::find_registration(db, registration_id); });
    if (!found) {
        throw_not_found("no registration " + std::to_string(registration_id));
    }
    t.registration = *found;
    t.meeting =
        reads.with([&](store::database& db) { return store::find_meeting(db, found->meeting_id); })
            .value();
    t.staff = staff_of(t.meeting);
    const bool self = c.who().person_id && *c.who().person_id == found->person_id;
    if (!self && !t.staff) {
        throw_forbidden(
            "only the person, coordinators and the meeting's facilitators may change "
            "a registration");
    }
    return t;
}

}  // namespace

void registration_feature::op_update(const call& c) {
    const auto a = protocol::decode_registration_update(c.req.args);
    const auto t = load_target(
        *app_.reads, c, a.registration_id,
        [this, &c](const domain::meeting& m) { return app_.may_see_private(c.who(), m); });
    std::optional<domain::attendance_mode> mode;
    if (a.mode.present) {
        mode = mode_field(*a.mode.value);
    }
    auto r = app_.rooms.get(t.meeting.meeting_id);
    app_.mutate(c, t.meeting.meeting_id, [this, r, a, t, mode] {
        const domain::meeting meeting = app_.room_meeting(*r, t.meeting.meeting_id);
        require_changeable(meeting);
        auto& book = room_book(*r, meeting.meeting_id);
        const auto* current = book.find(a.registration_id);
        if (current == nullptr) {
            throw protocol_error(errc::conflict, "the registration is cancelled");
        }
        domain::registration changed = *current;
        const auto text = [](const protocol::args_reader::patch<std::string>& patch,
                             std::string& target) {
            if (patch.present) {
                target = domain::normalise_newlines(patch.value.value_or(""));
            }
        };
        text(a.dietary_needs, changed.dietary_needs);
        text(a.accessibility_needs, changed.accessibility_needs);
        enforce(domain::validate_needs(changed));
        const auto now_t = now();
        if (mode && *mode != current->mode) {
            if (auto refusal = domain::may_register(meeting, *mode, now_t, t.staff)) {
                throw_refusal(*refusal);
            }
            const auto moved = domain::change_mode(book, meeting, a.registration_id, *mode, now_t);
            changed.mode = moved.mode;
            changed.status = moved.status;
            changed.arrival = moved.arrival;
            changed.checked_in_at = moved.checked_in_at;
        }
        changed.updated_at = now_t;
        book.put(changed);
        const auto promoted = domain::fill_free_seats(book, meeting, now_t);
        auto b = std::make_shared<registration_batch>();
        b->meeting = meeting;
        b->rows.push_back(batch_row(book, changed, false, "registration.updated"));
        add_promotions(*b, book, promoted);
        b->answer = changed;
        b->answer_position = book.waitlist_position(changed.registration_id);
        b->counts = domain::counts_of(book, meeting);
        return write(r, b);
    });
}

void registration_feature::op_cancel(const call& c) {
    const auto a = protocol::decode_registration_cancel(c.req.args);
    const auto t = load_target(
        *app_.reads, c, a.registration_id,
        [this, &c](const domain::meeting& m) { return app_.may_see_private(c.who(), m); });
    auto r = app_.rooms.get(t.meeting.meeting_id);
    app_.mutate(c, t.meeting.meeting_id, [this, r, a, t] {
        const domain::meeting meeting = app_.room_meeting(*r, t.meeting.meeting_id);
        require_changeable(meeting);
        auto& book = room_book(*r, meeting.meeting_id);
        if (book.find(a.registration_id) == nullptr) {
            throw protocol_error(errc::conflict, "the registration is already cancelled");
        }
        const auto now_t = now();
        const auto cancelled = domain::cancel(book, a.registration_id, now_t);
        // The freed seat goes to the first in line (not once the meeting has started).
        const auto promoted = domain::fill_free_seats(book, meeting, now_t);
        auto b = std::make_shared<registration_batch>();
        b->meeting = meeting;
        b->rows.push_back(batch_row(book, cancelled, false, "registration.cancelled"));
        add_promotions(*b, book, promoted);
        b->answer = cancelled;
        b->counts = domain::counts_of(book, meeting);
        return write(r, b);
    });
}

void registration_feature::op_checkin(const call& c) {
    const auto a = protocol::decode_registration_checkin(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    if (!app_.may_see_private(c.who(), m)) {
        throw_forbidden("only coordinators and the meeting's facilitators may check people in");
    }
    auto r = app_.rooms.get(a.meeting_id);
    app_.mutate(c, a.meeting_id, [this, r, a] {
        const domain::meeting meeting = app_.room_meeting(*r, a.meeting_id);
        require_changeable(meeting);
        auto& book = room_book(*r, a.meeting_id);
        const domain::registration* found = nullptr;
        if (a.registration_id) {
            found = book.find(*a.registration_id);
        } else if (a.person_id) {
            found = book.find_by_person(*a.person_id);
        } else {
            found = book.find_by_checkin_code(normalise_checkin_code(*a.checkin_code));
        }
        if (found == nullptr) {
            throw_not_found("no active registration for this meeting matches");
        }
        if (found->status != domain::registration_status::confirmed) {
            throw protocol_error(errc::conflict,
                                 "only confirmed registrations can check in; this one is " +
                                     std::string(domain::to_string(found->status)));
        }
        domain::registration changed = *found;
        const auto now_t = now();
        if (!a.checked_in) {
            changed.checked_in_at.reset();
        } else if (!changed.checked_in_at) {
            changed.checked_in_at = now_t;  // checking in twice keeps the first time
        }
        changed.updated_at = now_t;
        book.put(changed);
        auto b = std::make_shared<registration_batch>();
        b->meeting = meeting;
        b->rows.push_back(batch_row(book, changed, false, "registration.updated"));
        b->answer = changed;
        b->counts = domain::counts_of(book, meeting);
        return write(r, b);
    });
}

void registration_feature::op_meeting_stats(const call& c) {
    const auto a = protocol::decode_meeting_stats(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    if (!app_.may_see_private(c.who(), m)) {
        throw_forbidden("only coordinators and the meeting's facilitators may see statistics");
    }
    c.ok(app_.reads->with([&](store::database& db) {
        json::array organisations;
        domain::attendance_statistics totals;
        for (const auto& s : store::meeting_statistics(db, m.meeting_id)) {
            if (auto o = store::find_organisation(db, s.organisation_id)) {
                organisations.push_back(to_json(s, *o));
            }
            totals += s;
        }
        return json::object{{"meeting_id", m.meeting_id},
                            {"organisations", std::move(organisations)},
                            {"totals", figures_json(totals)}};
    }));
}

void registration_feature::op_network_stats(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_network_stats(c.req.args);
    c.ok(app_.reads->with([&](store::database& db) {
        if (!store::find_network(db, a.network_id)) {
            throw_not_found("no network " + std::to_string(a.network_id));
        }
        std::int64_t meetings = 0;
        for (const auto& m : store::list_meetings(db, a.network_id)) {
            // Drafts cannot have registrations yet, cancelled meetings do not count.
            meetings += m.status == domain::meeting_status::published ? 1 : 0;
        }
        json::array organisations;
        domain::attendance_statistics totals;
        for (const auto& s : store::network_statistics(db, a.network_id)) {
            if (auto o = store::find_organisation(db, s.organisation_id)) {
                organisations.push_back(to_json(s, *o));
            }
            totals += s;
        }
        return json::object{{"network_id", a.network_id},
                            {"meetings", meetings},
                            {"organisations", std::move(organisations)},
                            {"totals", figures_json(totals)}};
    }));
}

}  // namespace traffpunkt::service
