export function chromiumForTests(): { executablePath: string | undefined; env: Record<string, string>; source: string };
