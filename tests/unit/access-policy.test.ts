import { Groups, STAFF_GROUPS, accessPolicy, inAnyGroup, mayCancelProcess, mayManageEventListeners, mayStartProcess, mayViewProcesses } from '../../domain/access-policy';
import type { Actor } from '../../domain/identity';

const actor = (userId: string, ...groups: string[]): Actor => ({ userId, groups });

describe('access policy', () => {
  it('inAnyGroup needs at least one shared group', () => {
    expect(inAnyGroup(actor('a', 'x', 'ops'), ['ops'])).toBe(true);
    expect(inAnyGroup(actor('a', 'x'), ['ops'])).toBe(false);
    expect(inAnyGroup(actor('a'), ['ops'])).toBe(false);
    expect(inAnyGroup(actor('a', 'ops'), [])).toBe(false);
  });

  it('only marketing managers may start a market strategy', () => {
    expect(mayStartProcess(actor('m', Groups.marketingManager), 'market-strategy')).toBe(true);
    for (const g of [Groups.marketingDirector, Groups.catalogManager, Groups.ops, 'Marketing-Manager']) {
      expect(mayStartProcess(actor('x', g), 'market-strategy')).toBe(false);
    }
  });

  it('nobody may start an unknown process type', () => {
    expect(mayStartProcess(actor('m', ...STAFF_GROUPS), 'order-handling')).toBe(false);
  });

  it('the owner or ops may cancel a process', () => {
    expect(mayCancelProcess(actor('ana'), 'ana')).toBe(true);
    expect(mayCancelProcess(actor('op', Groups.ops), 'ana')).toBe(true);
    expect(mayCancelProcess(actor('bob', Groups.marketingManager, Groups.marketingDirector), 'ana')).toBe(false);
  });

  it('every staff group, and only those, may view processes', () => {
    expect(STAFF_GROUPS).toEqual(['marketing-manager', 'marketing-director', 'catalog-manager', 'cmo', 'finance', 'integration', 'ops']);
    for (const g of STAFF_GROUPS) expect(mayViewProcesses(actor('s', g))).toBe(true);
    expect(mayViewProcesses(actor('c', 'customer'))).toBe(false);
    expect(mayViewProcesses(actor('c'))).toBe(false);
  });

  it('catalog management and operations are single-group rights', () => {
    expect(accessPolicy.manageCatalog).toEqual(['catalog-manager']);
    expect(accessPolicy.operations).toEqual(['ops']);
  });

  it('integration systems and ops, and nobody else, manage TMF701 event listeners', () => {
    expect(mayManageEventListeners(actor('sys', Groups.integration))).toBe(true);
    expect(mayManageEventListeners(actor('op', Groups.ops))).toBe(true);
    for (const g of STAFF_GROUPS.filter((x) => x !== Groups.integration && x !== Groups.ops)) expect(mayManageEventListeners(actor('s', g))).toBe(false);
  });
});
