// Temporary micro-benchmark (not committed): applyPush in-process, capacity-shaped pushes and 84-mutation inspections.
import { it } from 'vitest';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { answerArgs, inspectionArgs, officerArgs } from './support/factories';
import { useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';
import { defaultTemplate } from '$lib/templates';

const slots = defaultTemplate.sections.flatMap((s) => s.items.filter((i) => i.kind === 'pass').map((i) => ({ itemId: i.id, perOfficer: i.perOfficer === true })));

for (const kind of testDatabases) {
	const ctx = useSyncContext(kind);
	it(`micro ${kind.name}`, async () => {
		const actor = ctx.newInspector();
		// warm-up
		for (let i = 0; i < 20; i++) {
			const c = ctx.newClient(actor); const ins = inspectionArgs();
			await ctx.push(c, [c.mutation('createInspection', ins), ...['A3', 'A4', 'A5', 'A6'].map((it) => c.mutation('answerItem', answerArgs(ins.id, it)))]);
		}
		const N = 300;
		const session = new Session(); session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 200 }); await session.post('Profiler.start');
		let cpu0 = process.cpuUsage(); let t0 = performance.now();
		for (let i = 0; i < N; i++) {
			const c = ctx.newClient(actor); const ins = inspectionArgs();
			await ctx.push(c, [c.mutation('createInspection', ins), ...['A3', 'A4', 'A5', 'A6'].map((it) => c.mutation('answerItem', answerArgs(ins.id, it)))]);
		}
		let cpu = process.cpuUsage(cpu0); let wall = performance.now() - t0;
		const { profile } = await session.post('Profiler.stop'); writeFileSync(`/tmp/pushsets-prof/${kind.name}.cpuprofile`, JSON.stringify(profile));
		const capacity = `capacity push: ${(wall / N).toFixed(2)} ms wall, ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms CPU per push`;
		// sync-shaped: 20 inspections x (create + 3 officers + 80 answers) pushed in batches of 200
		const c = ctx.newClient(actor); const all = [];
		for (let n = 0; n < 20; n++) {
			const ins = inspectionArgs(); all.push(c.mutation('createInspection', ins));
			const officers = [0, 1, 2].map((order) => officerArgs(ins.id, { order }));
			for (const o of officers) all.push(c.mutation('addOfficer', o));
			const s = slots.flatMap((x) => (x.perOfficer ? officers.map((o) => [x.itemId, o.id]) : [[x.itemId, '']])).slice(0, 80);
			for (const [itemId, officerId] of s) all.push(c.mutation('answerItem', answerArgs(ins.id, itemId, undefined, { officerId })));
		}
		cpu0 = process.cpuUsage(); t0 = performance.now();
		for (let i = 0; i < all.length; i += 200) {
			const r = await ctx.push(c, all.slice(i, i + 200));
			if (r.results.some((x) => x.status !== 'applied')) throw new Error(JSON.stringify(r.results.find((x) => x.status !== 'applied')));
		}
		cpu = process.cpuUsage(cpu0); wall = performance.now() - t0;
		console.log(`[micro ${kind.name}] ${capacity}; sync ${all.length} mutations: ${wall.toFixed(0)} ms wall (${(all.length / wall * 1000).toFixed(0)} mutations/s), ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`);
	}, 600_000);
}
