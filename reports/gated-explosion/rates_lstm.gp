# Redraws rates_lstm.svg from the CSV data alone. Run in this folder: gnuplot rates_lstm.gp
# Writes rates_lstm-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "rates_lstm-gnuplot.svg"
set title "lstm: observed rate against sigma_max" noenhanced
set xlabel "sigma_max" noenhanced
set ylabel "observed rate (decades per step)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("-0.2" -0.2, "-0.1" -0.1, "0" 0.0, "0.1" 0.10000000000000003)
set yrange [-0.29439678805129377:0.11793604118987386]
plot "diagnosis.csv" using (strcol("cell") eq "lstm" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("sigma_max") : 1/0):(column("observed_rate_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 3 lc rgb "#0072B2" title "init gaussian"
