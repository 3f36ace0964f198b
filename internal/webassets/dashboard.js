// The live dashboard: headline figures and charts from the stats query,
// and a feed of notices from the notices subscription. The feed keeps the
// cursor of the last notice shown; after any disconnect (network, server
// restart) graphql-ws reconnects with backoff and subscribes again from that
// cursor, so no notice is missed, and none is shown twice.
(function () {
  'use strict';

  const FEED_SIZE = 50;
  const NOTICE = `id cursor kind title createdAt region { name }
    internship { positions enterprise { name } } event { startsAt venue }`;

  const state = {
    filter: {},      // {region, industry}
    cursor: null,    // the last notice shown
    seen: new Set(), // notice IDs shown
    sub: null,       // {payload, dispose}
    generation: 0,   // bumped on every filter change
  };

  const $ = (sel) => document.querySelector(sel);
  const statusEl = $('#status');
  function setStatus(kind, text) {
    statusEl.className = 'status ' + kind;
    statusEl.textContent = text;
    document.body.dataset.connection = kind;
  }

  async function query(q, variables) {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: q, variables }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data;
  }

  // Filters.
  const SECTIONS = [
    ['A', '农林牧渔业'], ['B', '采矿业'], ['C', '制造业'], ['D', '电力热力燃气水'], ['E', '建筑业'],
    ['F', '批发和零售业'], ['G', '交通运输仓储邮政'], ['H', '住宿和餐饮业'], ['I', '信息技术服务业'],
    ['J', '金融业'], ['K', '房地产业'], ['L', '租赁和商务服务业'], ['M', '科研和技术服务业'],
    ['N', '水利环境公共设施'], ['O', '居民服务修理'], ['P', '教育'], ['Q', '卫生和社会工作'],
    ['R', '文化体育娱乐'], ['S', '公共管理社会组织'],
  ];
  async function loadFilters() {
    const industry = $('#industry');
    for (const [code, name] of SECTIONS) industry.add(new Option(code + ' ' + name, code));
    const data = await query(`{ regions(first: 500, orderBy: {field: CODE}) { edges { node { id name nameEn level } } } }`);
    const region = $('#region');
    for (const { node } of data.regions.edges) {
      const indent = node.level === 'PROVINCE' ? '' : node.level === 'CITY' ? '　' : '　　';
      region.add(new Option(indent + node.name + (node.nameEn ? ' ' + node.nameEn : ''), node.id));
    }
    const params = new URLSearchParams(location.search);
    if (params.get('region')) region.value = params.get('region');
    if (params.get('industry')) industry.value = params.get('industry');
    region.addEventListener('change', changed);
    industry.addEventListener('change', changed);
  }
  function readFilter() {
    const f = {};
    if ($('#region').value) f.region = $('#region').value;
    if ($('#industry').value) f.industry = $('#industry').value;
    return f;
  }
  function changed() {
    const params = new URLSearchParams();
    state.filter = readFilter();
    for (const [k, v] of Object.entries(state.filter)) params.set(k, v);
    history.replaceState(null, '', params.toString() ? '?' + params : location.pathname);
    restart();
  }

  // Figures and charts.
  const industryChart = echarts.init($('#byIndustry'), null, { renderer: 'canvas' });
  const timeChart = echarts.init($('#overTime'), null, { renderer: 'canvas' });
  window.addEventListener('resize', () => { industryChart.resize(); timeChart.resize(); });
  const axis = { axisLine: { lineStyle: { color: '#1d3b66' } }, axisLabel: { color: '#8fa6c8' }, splitLine: { lineStyle: { color: '#12305a' } } };

  let statsTimer = null, statsRunning = false, statsAgain = false;
  function refreshStatsSoon() {
    clearTimeout(statsTimer);
    statsTimer = setTimeout(refreshStats, 250);
  }
  async function refreshStats() {
    if (statsRunning) { statsAgain = true; return; }
    statsRunning = true;
    const generation = state.generation;
    try {
      const data = await query(`query($f: StatsFilter) { stats(filter: $f) {
          institutions enterprises openInternships openPositions applications acceptedApplications upcomingEvents
          internshipsByIndustry { industry name count }
          postingsOverTime(days: 30) { date count } } }`, { f: statsFilter() });
      if (generation !== state.generation) return;
      const s = data.stats;
      for (const el of document.querySelectorAll('[data-stat]')) {
        el.textContent = Number(s[el.dataset.stat]).toLocaleString('zh-CN');
      }
      industryChart.setOption({
        grid: { left: 150, right: 30, top: 10, bottom: 25 },
        tooltip: {},
        xAxis: { type: 'value', ...axis },
        yAxis: { type: 'category', inverse: true, data: s.internshipsByIndustry.map((r) => r.industry + ' ' + r.name), ...axis },
        series: [{ type: 'bar', data: s.internshipsByIndustry.map((r) => r.count), itemStyle: { color: '#35c2ff' }, animationDuration: 300 }],
      }, true);
      timeChart.setOption({
        grid: { left: 50, right: 20, top: 10, bottom: 30 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: s.postingsOverTime.map((r) => r.date.slice(5)), ...axis },
        yAxis: { type: 'value', minInterval: 1, ...axis },
        series: [{ type: 'line', smooth: true, areaStyle: { opacity: 0.2 }, data: s.postingsOverTime.map((r) => r.count), itemStyle: { color: '#3ad29f' } }],
      }, true);
      document.body.dataset.statsLoaded = String(Date.now());
    } catch (err) {
      console.warn('stats:', err.message);
    } finally {
      statsRunning = false;
      if (statsAgain) { statsAgain = false; refreshStatsSoon(); }
    }
  }
  function statsFilter() {
    return Object.keys(state.filter).length ? state.filter : null;
  }
  function noticeFilter() {
    const f = {};
    if (state.filter.region) f.regions = [state.filter.region];
    if (state.filter.industry) f.industries = [state.filter.industry];
    return f;
  }
  function noticeWhere() {
    const w = {};
    if (state.filter.region) w.inRegion = state.filter.region;
    if (state.filter.industry) w.industryHasPrefix = state.filter.industry;
    return w;
  }

  // The feed.
  const KIND = { INTERNSHIP_POSTED: '实习发布 Internship', EVENT_ANNOUNCED: '活动发布 Event' };
  const timeFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  function show(n, fresh) {
    if (state.seen.has(n.id)) return false;
    state.seen.add(n.id);
    state.cursor = n.cursor;
    const li = document.createElement('li');
    li.className = 'card ' + n.kind + (fresh ? ' fresh' : '');
    li.dataset.id = n.id;
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = KIND[n.kind] || n.kind;
    const title = document.createElement('span');
    title.className = 'title';
    title.textContent = n.title;
    const meta = document.createElement('span');
    meta.className = 'meta';
    const parts = [n.region ? n.region.name : ''];
    if (n.internship) parts.push(n.internship.enterprise.name, n.internship.positions + ' 个岗位 positions');
    if (n.event && n.event.venue) parts.push(n.event.venue);
    parts.push(timeFormat.format(new Date(n.createdAt)));
    meta.textContent = parts.filter(Boolean).join(' · ');
    li.append(kind, title, meta);
    const feed = $('#feed');
    feed.prepend(li);
    while (feed.children.length > FEED_SIZE) feed.lastChild.remove();
    return true;
  }

  // The subscription: one client, retrying for ever with backoff; the
  // subscription's variables carry the cursor of the last notice shown, and
  // graphql-ws sends them again on every reconnect.
  const client = graphqlWs.createClient({
    url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql',
    lazy: false,
    keepAlive: 10000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      const delay = Math.min(10000, 500 * 2 ** retries) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, delay));
    },
    on: {
      connecting: () => setStatus(state.everConnected ? 'reconnecting' : 'connecting', state.everConnected ? '重连中 Reconnecting…' : '连接中 Connecting…'),
      connected: () => {
        setStatus('live', '实时 Live');
        if (state.everConnected) refreshStatsSoon(); // figures may have moved while away
        state.everConnected = true;
      },
      closed: () => setStatus('reconnecting', '重连中 Reconnecting…'),
    },
  });

  function subscribe() {
    const payload = {
      query: `subscription($after: Cursor, $filter: NoticeFilter) { notices(after: $after, filter: $filter) { ${NOTICE} } }`,
      variables: { after: state.cursor, filter: noticeFilter() },
    };
    const generation = state.generation;
    const dispose = client.subscribe(payload, {
      next: ({ data, errors }) => {
        if (generation !== state.generation) return;
        if (errors) { console.warn('notices:', errors.map((e) => e.message).join('; ')); return; }
        if (show(data.notices, true)) {
          payload.variables.after = state.cursor; // resume from here after a reconnect
          refreshStatsSoon();
        }
      },
      // The server ended the subscription (it fell behind, or the server is
      // going away): subscribe again from the last notice shown.
      error: (err) => {
        if (generation !== state.generation) return;
        console.warn('notices subscription ended:', err && err.message ? err.message : err);
        setTimeout(() => { if (generation === state.generation) subscribe(); }, 1000);
      },
      complete: () => {
        if (generation !== state.generation) return;
        setTimeout(() => { if (generation === state.generation) subscribe(); }, 1000);
      },
    });
    state.sub = { payload, dispose };
  }

  async function restart() {
    state.generation++;
    const generation = state.generation;
    if (state.sub) state.sub.dispose();
    state.sub = null;
    state.cursor = null;
    state.seen.clear();
    $('#feed').replaceChildren();
    refreshStats();
    try {
      const data = await query(`query($w: NoticeWhereInput) { notices(last: 20, where: $w) { edges { node { ${NOTICE} } } } }`, { w: noticeWhere() });
      if (generation !== state.generation) return;
      for (const { node } of data.notices.edges) show(node, false);
    } catch (err) {
      console.warn('recent notices:', err.message);
    }
    if (generation === state.generation) subscribe();
  }

  // For tests and operators: what the page has shown.
  window.chanjiaoDashboard = {
    shown: () => Array.from(document.querySelectorAll('#feed .card .title'), (el) => el.textContent),
    cursor: () => state.cursor,
  };

  loadFilters()
    .catch((err) => console.warn('filters:', err.message))
    .then(() => { state.filter = readFilter(); return restart(); });
})();
