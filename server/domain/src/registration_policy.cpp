#include "traffpunkt/domain/registration_policy.hpp"

namespace traffpunkt::domain {

namespace {

std::optional<int> capacity_of(const meeting& m, attendance_mode mode) {
    return mode == attendance_mode::in_person ? m.capacity_in_person : m.capacity_remote;
}

bool seat_free(const registration_book& book, const meeting& m, attendance_mode mode) {
    const auto capacity = capacity_of(m, mode);
    return !capacity || book.confirmed(mode) < *capacity;
}

/** True if someone in `mode`'s waitlist could take a free seat now (quota permitting). */
bool someone_eligible_waits(const registration_book& book, const meeting& m, attendance_mode mode) {
    for (const auto* w : book.waitlist(mode)) {
        if (quota_allows(book, m, w->organisation_id, mode)) {
            return true;
        }
    }
    return false;
}

seat_counts seats(const registration_book& book, const meeting& m, attendance_mode mode) {
    seat_counts s;
    s.offered = offers(m, mode);
    s.capacity = capacity_of(m, mode);
    s.confirmed = book.confirmed(mode);
    s.waitlisted = book.waitlisted(mode);
    s.checked_in = book.checked_in(mode);
    return s;
}

}  // namespace

std::string_view describe(registration_refusal r) {
    switch (r) {
        case registration_refusal::meeting_not_published:
            return "the meeting is not published yet";
        case registration_refusal::meeting_cancelled:
            return "the meeting is cancelled";
        case registration_refusal::registration_not_open:
            return "registration has not opened yet";
        case registration_refusal::registration_closed:
            return "registration is closed";
        case registration_refusal::mode_not_offered:
            return "the meeting does not offer this mode";
    }
    return "registration is not possible";
}

registration_counts counts_of(const registration_book& book, const meeting& m) {
    return {seats(book, m, attendance_mode::in_person), seats(book, m, attendance_mode::remote)};
}

bool offers(const meeting& m, attendance_mode mode) {
    switch (m.format) {
        case meeting_format::in_person:
            return mode == attendance_mode::in_person;
        case meeting_format::digital:
            return mode == attendance_mode::remote && m.capacity_remote != 0;
        case meeting_format::hybrid:
            return mode == attendance_mode::in_person || m.capacity_remote != 0;
    }
    return false;
}

bool has_started(const meeting& m, instant now) {
    return now >= m.starts_at;
}

instant registration_deadline(const meeting& m) {
    return m.registration_closes.value_or(m.starts_at);
}

std::optional<registration_refusal> check_status(const meeting& m) {
    switch (m.status) {
        case meeting_status::draft:
            return registration_refusal::meeting_not_published;
        case meeting_status::cancelled:
            return registration_refusal::meeting_cancelled;
        case meeting_status::published:
            return std::nullopt;
    }
    return registration_refusal::meeting_not_published;
}

std::optional<registration_refusal> check_window(const meeting& m, instant now) {
    if (m.registration_opens && now < *m.registration_opens) {
        return registration_refusal::registration_not_open;
    }
    if (now >= registration_deadline(m)) {
        return registration_refusal::registration_closed;
    }
    return std::nullopt;
}

std::optional<registration_refusal> may_register(const meeting& m, attendance_mode mode,
                                                 instant now, bool by_staff) {
    if (auto refusal = check_status(m)) {
        return refusal;
    }
    if (!offers(m, mode)) {
        return registration_refusal::mode_not_offered;
    }
    if (!by_staff) {
        return check_window(m, now);
    }
    return std::nullopt;
}

bool quota_allows(const registration_book& book, const meeting& m, id organisation_id,
                  attendance_mode mode) {
    if (mode != attendance_mode::in_person || !m.in_person_quota_per_org) {
        return true;
    }
    return book.in_person_confirmed_of(organisation_id) < *m.in_person_quota_per_org;
}

registration_status place(const registration_book& book, const meeting& m, id organisation_id,
                          attendance_mode mode) {
    // Before the start every free seat has been given to the first eligible person in line, so
    // the last condition only matters once promotion has stopped: a newcomer must not overtake
    // the people waiting then either.
    if (offers(m, mode) && seat_free(book, m, mode) &&
        quota_allows(book, m, organisation_id, mode) && !someone_eligible_waits(book, m, mode)) {
        return registration_status::confirmed;
    }
    return registration_status::waitlisted;
}

registration book_new(registration_book& book, const meeting& m, registration r, instant now) {
    r.meeting_id = m.meeting_id;
    r.status = place(book, m, r.organisation_id, r.mode);
    r.arrival = book.next_arrival();
    r.registered_at = r.updated_at = now;
    r.checked_in_at.reset();
    book.put(r);
    return r;
}

registration change_mode(registration_book& book, const meeting& m, id registration_id,
                         attendance_mode mode, instant now) {
    const auto* current = book.find(registration_id);
    if (current == nullptr) {
        return {};
    }
    registration r = *current;
    if (r.mode == mode) {
        return r;
    }
    // Out of the old seat or line first, so the person is placed as any newcomer would be.
    book.erase(registration_id);
    r.mode = mode;
    r.status = place(book, m, r.organisation_id, mode);
    r.arrival = book.next_arrival();
    if (r.status != registration_status::confirmed) {
        r.checked_in_at.reset();
    }
    r.updated_at = now;
    book.put(r);
    return r;
}

registration cancel(registration_book& book, id registration_id, instant now) {
    const auto* current = book.find(registration_id);
    if (current == nullptr) {
        return {};
    }
    registration r = *current;
    book.erase(registration_id);
    r.status = registration_status::cancelled;
    r.updated_at = now;
    return r;
}

std::vector<registration> fill_free_seats(registration_book& book, const meeting& m, instant now) {
    std::vector<registration> promoted;
    if (m.status != meeting_status::published || has_started(m, now)) {
        return promoted;
    }
    for (const auto mode : {attendance_mode::in_person, attendance_mode::remote}) {
        if (!offers(m, mode)) {
            continue;
        }
        // One pass in line order suffices: a promotion only ever uses up seats and quota.
        for (const auto* w : book.waitlist(mode)) {
            if (!seat_free(book, m, mode)) {
                break;
            }
            if (!quota_allows(book, m, w->organisation_id, mode)) {
                continue;
            }
            registration r = *w;
            r.status = registration_status::confirmed;
            r.updated_at = now;
            book.put(r);  // `w` is not used after this; the list holds pointers into the book
            promoted.push_back(std::move(r));
        }
    }
    return promoted;
}

}  // namespace traffpunkt::domain
