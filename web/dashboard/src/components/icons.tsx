/** The few icons the dashboard needs, inline (decorative: every button that shows one has a text label or aria-label). */
type P = { size?: number };
const base = (size: number) => ({
  width: size,
  height: size,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  focusable: false,
});

export const CopyIcon = ({ size = 16 }: P) => (
  <svg aria-hidden="true" {...base(size)}>
    <rect x="8" y="8" width="12" height="12" rx="2" />
    <path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2" />
  </svg>
);
export const CheckIcon = ({ size = 16 }: P) => (
  <svg aria-hidden="true" {...base(size)}>
    <path d="M5 12l5 5L20 7" />
  </svg>
);
export const DotsIcon = ({ size = 16 }: P) => (
  <svg aria-hidden="true" {...base(size)}>
    <circle cx="5" cy="12" r="1" />
    <circle cx="12" cy="12" r="1" />
    <circle cx="19" cy="12" r="1" />
  </svg>
);
export const CalendarIcon = ({ size = 16 }: P) => (
  <svg aria-hidden="true" {...base(size)}>
    <rect x="4" y="5" width="16" height="16" rx="2" />
    <path d="M16 3v4M8 3v4M4 11h16" />
  </svg>
);
export const WarningIcon = ({ size = 18 }: P) => (
  <svg aria-hidden="true" {...base(size)}>
    <path d="M12 9v4M12 17h.01" />
    <path d="M10.3 3.9L1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
  </svg>
);
export const PlusIcon = ({ size = 16 }: P) => (
  <svg aria-hidden="true" {...base(size)}>
    <path d="M12 5v14M5 12h14" />
  </svg>
);
