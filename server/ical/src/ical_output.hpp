#pragma once

// What every calendar this library writes shares: the lock around libical, X- properties that
// cannot break a line, and the checks on the serialised text (feeds and iTIP messages alike).

#include <mutex>
#include <string>
#include <string_view>

#include "ical_handle.hpp"

namespace traffpunkt::ical {

/**
 * libical's builtin zone cache is filled lazily and shared by every thread; it is not safe to
 * fill from two threads at once, so every render holds this lock.
 */
std::mutex& libical_mutex();

/**
 * An X- property. libical escapes nothing in X- values but backslashes, so the value is made
 * one line here: nothing in it can end the line and start a property of its own.
 */
void add_x_property(icalcomponent* calendar, const char* name, std::string_view value);

/**
 * Serialises a VCALENDAR: libical's text with its folding repaired (see the .cpp), checked to
 * end every line in CRLF. Throws std::runtime_error when libical fails or the check does.
 */
std::string serialise_calendar(icalcomponent* calendar);

}  // namespace traffpunkt::ical
