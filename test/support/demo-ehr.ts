import { DateTime } from 'luxon';
import type { Slot } from '../../src/ehr/ehr-port.ts';
import { createMemoryEhr, type MemoryEhr } from '../../src/ehr/memory/memory-ehr.ts';

/** A memory EHR with a general service and 20-minute slots, weekdays 08:00–16:00 Nairobi time. */
export function demoEhr(): MemoryEhr {
  return createMemoryEhr({
    services: [
      { id: 'svc-general', name: 'General consultation', durationMins: 20 },
      { id: 'svc-mch', name: 'Maternal & child health', durationMins: 20 },
    ],
    slotGenerator: ({ serviceId, from, to }) => {
      const out: Slot[] = [];
      let day = DateTime.fromISO(from, { zone: 'Africa/Nairobi' }).startOf('day');
      const end = DateTime.fromISO(to);
      while (day < end) {
        if (day.weekday <= 5) {
          for (let m = 8 * 60; m < 16 * 60; m += 20) {
            const start = day.plus({ minutes: m });
            if (start.toMillis() >= Date.parse(from) && start.toMillis() < Date.parse(to)) {
              out.push({
                serviceId,
                start: start.toUTC().toISO() ?? '',
                end: start.plus({ minutes: 20 }).toUTC().toISO() ?? '',
              });
            }
          }
        }
        day = day.plus({ days: 1 });
      }
      return out;
    },
  });
}
