# Redraws rates.svg from the CSV data alone. Run in this folder: gnuplot rates.gp
# Writes rates-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "rates-gnuplot.svg"
set title "Observed decay rate against the Pascanu bound" noenhanced
set xlabel "bound rate log10(γσ_max) per step" noenhanced
set ylabel "observed rate (decades per step)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("-1.5" -1.5, "-1" -1.0, "-0.5" -0.5, "0" 0.0, "0.5" 0.5, "1" 1.0)
set yrange [-1.60846116568576:1.207164218034929]
plot "diagnosis.csv" using (strcol("cell") eq "rnn-tanh" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("bound_rate_log10") : 1/0):(column("observed_rate_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 3 lc rgb "#0072B2" title "observed, rnn-tanh", \
     "diagnosis.csv" using (strcol("cell") eq "rnn-sigmoid" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("bound_rate_log10") : 1/0):(column("observed_rate_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 3 lc rgb "#D55E00" title "observed, rnn-sigmoid", \
     "diagnosis.csv" using (strcol("cell") eq "rnn-tanh" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("bound_rate_log10") : 1/0):(column("bound_rate_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 3 lc rgb "#009E73" dt 2 title "Pascanu bound"
