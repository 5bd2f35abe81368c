#pragma once

#include <string>
#include <vector>

#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/store/registration_repository.hpp"

namespace traffpunkt::service {

/** The language of an attendee list's headers and values. */
enum class csv_language { swedish, english };

/**
 * A meeting's attendee list as CSV (csv_writer: BOM, CRLF, quoting, formula guard): a header
 * record, then one record per active registration, confirmed in person first, then confirmed
 * remote, then each waitlist in line order; within the confirmed by organisation and name.
 * Columns (Swedish / English): Namn / Name, Organisation, Roll / Role, Deltagande / Attendance,
 * Status, Plats i kön / Waitlist position, E-post / E-mail, Specialkost / Dietary requirements,
 * Tillgänglighet / Accessibility needs, Incheckad / Checked in; values in the same language
 * (`förtroendevald`, `på plats`, `bekräftad` / `elected`, `in person`, `confirmed`).
 */
std::string attendees_csv(std::vector<store::attendee> attendees, char separator,
                          csv_language language);

/**
 * The list's file name, from the meeting's local date and its title:
 * `2022-11-25 Första nätverksträffen medborgarbudget - deltagare.csv` (English: `- attendees`).
 * Characters that file systems refuse (`/ \ : * ? " < > |`, control characters) become spaces,
 * runs of spaces one, and the title is cut to 100 code points.
 */
std::string attendees_filename(const domain::meeting& m, csv_language language);

}  // namespace traffpunkt::service
